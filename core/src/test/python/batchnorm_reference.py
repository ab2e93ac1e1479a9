#!/usr/bin/env python3
"""Reference numbers for BatchNormTest, from PyTorch (torch.nn.Linear + torch.nn.BatchNorm1d), float64.

    /usr/bin/python3 core/src/test/python/batchnorm_reference.py      (python3-torch 1.13, Debian)

A dense layer 3 -> 4 with batch norm (momentum 0.1, eps 1e-5) and the identity activation:
  1. training-mode forward of batch X1 (5 rows): u = BN(X1 W^T + b);
  2. backward of L = sum(u * G) (so dL/du = G): dL/dX1, dL/dW, dL/db, dL/dgamma, dL/dbeta;
  3. running mean and variance after that pass, and after a second training pass on X2 (4 rows);
  4. eval-mode forward of X1 with the running statistics after the two passes.
The printed Java arrays are pasted into BatchNormTest; the inputs below are the test's inputs.
"""
import torch

torch.set_default_dtype(torch.float64)

W = [[0.5, -0.3, 0.8], [-0.2, 0.7, 0.1], [0.9, 0.4, -0.6], [0.05, -0.8, 0.3]]
b = [0.1, -0.2, 0.3, 0.0]
gamma = [1.5, 0.8, -0.7, 1.1]
beta = [0.2, -0.1, 0.05, 0.4]
X1 = [[0.3, -1.2, 0.7], [1.1, 0.4, -0.5], [-0.6, 0.9, 1.3], [0.2, -0.3, -1.1], [1.7, 0.8, 0.6]]
G = [[0.1, -0.4, 0.7, 0.2], [-0.3, 0.5, 0.1, -0.6], [0.8, 0.2, -0.5, 0.3], [-0.2, -0.7, 0.4, 0.9],
     [0.6, 0.1, -0.3, -0.5]]
X2 = [[-0.4, 0.6, 0.2], [0.9, -1.0, 0.5], [0.1, 0.3, -0.8], [-1.3, 0.2, 1.0]]

lin = torch.nn.Linear(3, 4)
bn = torch.nn.BatchNorm1d(4, momentum=0.1, eps=1e-5)
with torch.no_grad():
    lin.weight.copy_(torch.tensor(W))
    lin.bias.copy_(torch.tensor(b))
    bn.weight.copy_(torch.tensor(gamma))
    bn.bias.copy_(torch.tensor(beta))
model = torch.nn.Sequential(lin, bn)


def java(name, t):
    t = t.detach()
    if t.dim() == 1:
        print("    static final double[] %s = {%s};" % (name, ", ".join(repr(float(v)) for v in t)))
    else:
        rows = ",\n            ".join("{" + ", ".join(repr(float(v)) for v in r) + "}" for r in t)
        print("    static final double[][] %s = {\n            %s};" % (name, rows))


model.train()
x1 = torch.tensor(X1, requires_grad=True)
u = model(x1)
(u * torch.tensor(G)).sum().backward()
java("U_TRAIN", u)
java("DX", x1.grad)
java("DW", lin.weight.grad)
java("DB", lin.bias.grad)
java("DGAMMA", bn.weight.grad)
java("DBETA", bn.bias.grad)
java("RUNNING_MEAN_1", bn.running_mean)
java("RUNNING_VAR_1", bn.running_var)
with torch.no_grad():
    model(torch.tensor(X2))
java("RUNNING_MEAN_2", bn.running_mean)
java("RUNNING_VAR_2", bn.running_var)
model.eval()
with torch.no_grad():
    java("U_EVAL", model(torch.tensor(X1)))
