#!/usr/bin/env python3
"""Loads a backprop4j model file into the equivalent torch.nn.Sequential and predicts with it.

    /usr/bin/python3 torch_load.py MODEL.safetensors INPUTS.csv

Reads the tensors with read_safetensors.read_model (numpy), builds nn.Sequential from the
`architecture` metadata with the modules [Dropout], then per layer Linear, [BatchNorm1d], activation,
[Dropout], loads the tensors with load_state_dict(strict=True) (so every name and shape must be
PyTorch's), switches to eval() and prints one line of comma-separated outputs per input row.
ModelPythonTest compares them with Java's predictions. Exit status 1 with a message on stderr.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from read_safetensors import fail, read_model  # noqa: E402


def activation(token):
    if token in ("identity", "linear"):
        return torch.nn.Identity()
    if token == "sigmoid":
        return torch.nn.Sigmoid()
    if token == "tanh":
        return torch.nn.Tanh()
    if token == "relu":
        return torch.nn.ReLU()
    if token.startswith("leaky_relu"):
        return torch.nn.LeakyReLU(float(token.split(":", 1)[1]) if ":" in token else 0.01)
    if token == "softmax":
        return torch.nn.Softmax(dim=1)
    fail("no torch module for activation " + token)


def main():
    if len(sys.argv) != 3:
        fail("usage: torch_load.py MODEL INPUTS.csv")
    meta, tensors = read_model(sys.argv[1])
    arch = json.loads(meta["architecture"])
    modules = []
    if arch.get("input_dropout", 0):
        modules.append(torch.nn.Dropout(arch["input_dropout"]))
    width = arch["inputs"]
    for layer in arch["layers"]:
        modules.append(torch.nn.Linear(width, layer["units"]))
        if "batch_norm" in layer:
            bn = layer["batch_norm"]
            modules.append(torch.nn.BatchNorm1d(layer["units"], eps=bn["eps"], momentum=bn["momentum"]))
        modules.append(activation(layer["activation"]))
        if layer.get("dropout", 0):
            modules.append(torch.nn.Dropout(layer["dropout"]))
        width = layer["units"]
    model = torch.nn.Sequential(*modules).double()
    state = {k: torch.from_numpy(np.array(v, dtype=np.float64)) for k, v in tensors.items()}
    model.load_state_dict(state, strict=True)
    model.eval()
    x = torch.from_numpy(np.loadtxt(sys.argv[2], delimiter=",", ndmin=2, dtype=np.float64))
    with torch.no_grad():
        y = model(x).numpy()
    for row in y:
        print(",".join("%.17g" % v for v in row))


if __name__ == "__main__":
    main()
