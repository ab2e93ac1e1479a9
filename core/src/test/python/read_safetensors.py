#!/usr/bin/env python3
"""Independent reader of backprop4j model files, written from the published safetensors layout.

    python3 read_safetensors.py MODEL.safetensors INPUTS.csv

Reads the file with nothing but struct, json and numpy (not the `safetensors` package), checks its
layout, rebuilds the dense network from the `architecture` metadata and prints one line of
comma-separated outputs per row of INPUTS.csv (numbers only, no header). ModelPythonTest compares
these outputs with Java's predictions. Exit status 1 with a message on stderr for a bad file.

Format versions 1 and 2. Version 2 adds optional batch normalization and dropout; the reader
predicts (inference), so dropout does nothing and batch norm uses its running statistics:
u = (z - running_mean) / sqrt(running_var + eps) * weight + bias, as torch.nn.BatchNorm1d in eval().
Tensor names follow torch.nn.Sequential numbering over the modules [Dropout], then per layer
Linear, [BatchNorm1d], activation, [Dropout].

Layout: 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON
{"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets": [begin, end]}, ...};
then the raw little-endian row-major tensor bytes, offsets relative to the first byte after the header.
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8")}


def fail(msg):
    sys.stderr.write("read_safetensors.py: " + msg + "\n")
    sys.exit(1)


def read_model(path):
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        fail("file shorter than 8 bytes")
    (n,) = struct.unpack("<Q", blob[:8])
    if n > len(blob) - 8:
        fail("header length %d beyond the file" % n)
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    meta = header.pop("__metadata__", {})
    tensors = {}
    spans = []
    for name, info in header.items():
        dt = DTYPES.get(info["dtype"])
        if dt is None:
            fail("tensor %s: dtype %s" % (name, info["dtype"]))
        begin, end = info["data_offsets"]
        shape = tuple(info["shape"])
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        if count * dt.itemsize != end - begin:
            fail("tensor %s: shape %s does not match offsets [%d, %d]" % (name, shape, begin, end))
        spans.append((begin, end, name))
        tensors[name] = np.frombuffer(data, dtype=dt, count=count, offset=begin).reshape(shape)
    covered = 0
    for begin, end, name in sorted(spans):
        if begin != covered:
            fail("tensor %s starts at %d, expected %d (gap or overlap)" % (name, begin, covered))
        covered = end
    if covered != len(data):
        fail("tensors cover %d bytes, data section has %d" % (covered, len(data)))
    return meta, tensors


def activation(token, z):
    if token in ("identity", "linear"):
        return z
    if token == "step":
        return (z >= 0).astype(z.dtype)
    if token == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if token == "tanh":
        return np.tanh(z)
    if token == "relu":
        return np.maximum(z, 0.0)
    if token.startswith("leaky_relu"):
        alpha = float(token.split(":", 1)[1]) if ":" in token else 0.01
        return np.where(z > 0, z, alpha * z)
    if token == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    fail("unknown activation " + token)


def main():
    if len(sys.argv) != 3:
        fail("usage: read_safetensors.py MODEL INPUTS.csv")
    meta, tensors = read_model(sys.argv[1])
    if meta.get("format") != "backprop4j-model" or meta.get("format_version") not in ("1", "2"):
        fail("not a backprop4j-model version 1 or 2 file: %r" % meta)
    arch = json.loads(meta["architecture"])
    a = np.loadtxt(sys.argv[2], delimiter=",", ndmin=2, dtype=np.float64)
    if a.shape[1] != arch["inputs"]:
        fail("inputs have %d columns, the model %d" % (a.shape[1], arch["inputs"]))
    module = 1 if arch.get("input_dropout", 0) else 0          # input dropout: module 0, identity here
    used = set()

    def tensor(name, shape):
        if name not in tensors:
            fail("tensor %s missing" % name)
        t = tensors[name].astype(np.float64)
        if t.shape != shape:
            fail("tensor %s: shape %s, expected %s" % (name, t.shape, shape))
        used.add(name)
        return t

    for i, layer in enumerate(arch["layers"]):
        units = layer["units"]
        w = tensor("%d.weight" % module, (units, a.shape[1]))   # [out, in], as torch.nn.Linear
        b = tensor("%d.bias" % module, (units,))                # [out]
        module += 1
        z = a @ w.T + b
        if "batch_norm" in layer:
            eps = float(layer["batch_norm"]["eps"])
            gamma = tensor("%d.weight" % module, (units,))
            beta = tensor("%d.bias" % module, (units,))
            mean = tensor("%d.running_mean" % module, (units,))
            var = tensor("%d.running_var" % module, (units,))
            module += 1
            z = (z - mean) / np.sqrt(var + eps) * gamma + beta
        a = activation(layer["activation"], z)
        module += 1                                             # the activation module
        if layer.get("dropout", 0):
            module += 1                                         # dropout: identity at inference
    extra = sorted(set(tensors) - used)
    if extra:
        fail("tensors not used by the architecture: %s" % ", ".join(extra))
    for row in a:
        print(",".join("%.17g" % v for v in row))


if __name__ == "__main__":
    main()
