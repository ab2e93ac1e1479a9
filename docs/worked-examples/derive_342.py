#!/usr/bin/env python3
"""The 3-4-2 sigmoid network of docs/worked-examples.md, computed by hand.

This is the "calculator" for the hand computation: it does the textbook arithmetic
(Han & Kamber's notation, nodes 1-3 input, 4-7 hidden, 8-9 output) in exact decimals
with 60 significant digits, independently of the Java code (it neither calls nor reads it).

    python3 docs/worked-examples/derive_342.py           # the derivation, step by step
    python3 docs/worked-examples/derive_342.py --java    # literals for WorkedExampleGoldenTest

Every number in the "3-4-2 sigmoid network by hand" section of docs/worked-examples.md and
every expected value in core/src/test/java/org/backprop4j/network/WorkedExampleGoldenTest.java
is printed by this script. Change the numbers here, never there by hand.

Notation: w_ij is the weight from node i to node j, theta_j the bias of node j,
I_j = sum_i w_ij O_i + theta_j the net input, O_j = 1/(1 + e^-I_j) the output,
Err_j = O_j(1 - O_j)(T_j - O_j) at the outputs, Err_j = O_j(1 - O_j) sum_k Err_k w_jk at the
hidden nodes (with the weights before the update), w_ij <- w_ij + eta Err_j O_i,
theta_j <- theta_j + eta Err_j. The loss is E = 1/2 sum_j (T_j - O_j)^2.
"""
import sys
from decimal import Decimal as D, getcontext

getcontext().prec = 60

# ---------------------------------------------------------------- the chosen numbers
INPUTS = [1, 2, 3]
HIDDEN = [4, 5, 6, 7]
OUTPUTS = [8, 9]

X = {1: D("1.0"), 2: D("0.5"), 3: D("-1.0")}          # one sample x = (x1, x2, x3)
T = {8: D("1.0"), 9: D("0.0")}                          # its target t = (t8, t9)
ETA = D("0.9")                                           # learning rate (as in Han & Kamber)

W = {  # w_ij: weight from node i to node j
    (1, 4): D("0.2"), (2, 4): D("0.4"), (3, 4): D("-0.5"),
    (1, 5): D("-0.3"), (2, 5): D("0.1"), (3, 5): D("0.2"),
    (1, 6): D("0.5"), (2, 6): D("-0.2"), (3, 6): D("0.3"),
    (1, 7): D("0.1"), (2, 7): D("-0.4"), (3, 7): D("-0.2"),
    (4, 8): D("-0.3"), (5, 8): D("0.2"), (6, 8): D("0.4"), (7, 8): D("-0.1"),
    (4, 9): D("0.5"), (5, 9): D("-0.2"), (6, 9): D("0.1"), (7, 9): D("0.3"),
}
THETA = {4: D("-0.4"), 5: D("0.2"), 6: D("0.1"), 7: D("-0.3"), 8: D("0.1"), 9: D("-0.2")}

ONE = D(1)


def sigmoid(v):
    return ONE / (ONE + (-v).exp())


def forward(w, theta):
    """Net inputs I and outputs O of every node (O of an input node is its input)."""
    net, out = {}, dict(X)
    for layer, below in ((HIDDEN, INPUTS), (OUTPUTS, HIDDEN)):
        for j in layer:
            net[j] = sum((w[(i, j)] * out[i] for i in below), D(0)) + theta[j]
            out[j] = sigmoid(net[j])
    return net, out


def loss(out):
    return sum(((T[j] - out[j]) ** 2 for j in OUTPUTS), D(0)) / 2


def derive():
    net, out = forward(W, THETA)
    err = {}
    for j in OUTPUTS:
        err[j] = out[j] * (ONE - out[j]) * (T[j] - out[j])
    for j in HIDDEN:  # old weights: every Err is computed before any weight changes
        err[j] = out[j] * (ONE - out[j]) * sum((err[k] * W[(j, k)] for k in OUTPUTS), D(0))
    new_w = {(i, j): W[(i, j)] + ETA * err[j] * out[i] for (i, j) in W}
    new_theta = {j: THETA[j] + ETA * err[j] for j in THETA}
    _, out_after = forward(new_w, new_theta)
    return net, out, err, new_w, new_theta, loss(out), loss(out_after), out_after


def g(v, digits=15):
    """v to `digits` significant digits, as the tables show it."""
    s = format(+v, "." + str(digits) + "g") if v != 0 else "0"
    return s.replace("-", "−")


def gp(v):
    """g(v), in parentheses when negative (for products)."""
    return "(" + g(v) + ")" if v < 0 else g(v)


def plain(v):
    """A chosen (short, exact) number as written in the text."""
    s = format(v.normalize(), "f")
    return ("−" + s[1:]) if s.startswith("-") else s


def paren(v):
    return "(" + plain(v) + ")" if v < 0 else plain(v)


def lit(v):
    """The nearest double, shortest round-trip form: a Java literal."""
    return repr(float(v))


def print_derivation():
    net, out, err, new_w, new_theta, e0, e1, out_after = derive()
    print("Inputs  x = (%s)   target t = (%s)   eta = %s"
          % (", ".join(plain(X[i]) for i in INPUTS), ", ".join(plain(T[j]) for j in OUTPUTS), plain(ETA)))
    print()
    print("## Forward pass: I_j = sum_i w_ij O_i + theta_j, O_j = 1/(1 + e^-I_j)")
    for j in HIDDEN:
        terms = " + ".join("%s·%s" % (paren(W[(i, j)]), paren(X[i])) for i in INPUTS)
        print("I%d = %s + %s = %s" % (j, terms, paren(THETA[j]), plain(net[j])))
        print("O%d = 1/(1 + e^%s) = 1/(1 + %s) = %s" % (j, plain(-net[j]), g((-net[j]).exp()), g(out[j])))
    for j in OUTPUTS:
        terms = " + ".join("%s·%s" % (paren(W[(i, j)]), gp(out[i])) for i in HIDDEN)
        print("I%d = %s + %s = %s" % (j, terms, paren(THETA[j]), g(net[j])))
        print("O%d = 1/(1 + e^%s) = 1/(1 + %s) = %s" % (j, g(-net[j]), g((-net[j]).exp()), g(out[j])))
    print()
    print("## Errors")
    for j in OUTPUTS:
        print("Err%d = O%d(1 − O%d)(T%d − O%d) = %s · %s · %s = %s"
              % (j, j, j, j, j, g(out[j]), g(ONE - out[j]), gp(T[j] - out[j]), g(err[j])))
    for j in HIDDEN:
        s = sum((err[k] * W[(j, k)] for k in OUTPUTS), D(0))
        terms = " + ".join("%s·%s" % (gp(err[k]), paren(W[(j, k)])) for k in OUTPUTS)
        print("Err%d = O%d(1 − O%d)·[%s] = %s · %s · %s = %s"
              % (j, j, j, terms, g(out[j]), g(ONE - out[j]), gp(s), g(err[j])))
    print()
    print("## Per node (the library's delta is -Err)")
    print("| node | I_j | O_j | Err_j | δ_j = ∂E/∂I_j = −Err_j |")
    print("|---|---:|---:|---:|---:|")
    for j in HIDDEN + OUTPUTS:
        print("| %d | %s | %s | %s | %s |" % (j, plain(net[j]) if j in HIDDEN else g(net[j]), g(out[j]),
                                             g(err[j]), g(-err[j])))
    print()
    print("## Updates: w_ij <- w_ij + eta·Err_j·O_i, theta_j <- theta_j + eta·Err_j")
    print("| weight | old | Err_j | O_i | η·Err_j·O_i | new |")
    print("|---|---:|---:|---:|---:|---:|")
    for j in HIDDEN + OUTPUTS:
        for i in (INPUTS if j in HIDDEN else HIDDEN):
            print("| w%d%d | %s | %s | %s | %s | %s |" % (i, j, plain(W[(i, j)]), g(err[j]),
                  plain(out[i]) if i in INPUTS else g(out[i]), g(ETA * err[j] * out[i]), g(new_w[(i, j)])))
    for j in HIDDEN + OUTPUTS:
        print("| θ%d | %s | %s | 1 | %s | %s |" % (j, plain(THETA[j]), g(err[j]), g(ETA * err[j]), g(new_theta[j])))
    print()
    print("## Loss E = 1/2 sum_j (T_j - O_j)^2")
    print("before: E = ½[(%s − %s)² + (%s − %s)²] = %s"
          % (plain(T[8]), g(out[8]), plain(T[9]), g(out[9]), g(e0)))
    print("after:  O8 = %s, O9 = %s, E = %s" % (g(out_after[8]), g(out_after[9]), g(e1)))


def print_java():
    net, out, err, new_w, new_theta, e0, e1, out_after = derive()
    arr = lambda vs: "{" + ", ".join(lit(v) for v in vs) + "}"
    print("// generated by: python3 docs/worked-examples/derive_342.py --java")
    print("static final double[] HIDDEN_Z = %s;" % arr(net[j] for j in HIDDEN))
    print("static final double[] HIDDEN_A = %s;" % arr(out[j] for j in HIDDEN))
    print("static final double[] OUTPUT_Z = %s;" % arr(net[j] for j in OUTPUTS))
    print("static final double[] OUTPUT_A = %s;" % arr(out[j] for j in OUTPUTS))
    print("/** Textbook Err_j of the hidden nodes 4..7 (the library's delta is -Err). */")
    print("static final double[] HIDDEN_ERR = %s;" % arr(err[j] for j in HIDDEN))
    print("/** Textbook Err_j of the output nodes 8, 9. */")
    print("static final double[] OUTPUT_ERR = %s;" % arr(err[j] for j in OUTPUTS))
    print("static final double LOSS_BEFORE = %s;" % lit(e0))
    print("static final double LOSS_AFTER = %s;" % lit(e1))
    print("static final double[] OUTPUT_A_AFTER = %s;" % arr(out_after[j] for j in OUTPUTS))
    print("/** Updated W1 [hidden j][input i] = new w_ij. */")
    print("static final double[][] NEW_W1 = {")
    for j in HIDDEN:
        print("        %s," % arr(new_w[(i, j)] for i in INPUTS))
    print("};")
    print("static final double[] NEW_B1 = %s;" % arr(new_theta[j] for j in HIDDEN))
    print("/** Updated W2 [output k][hidden j] = new w_jk. */")
    print("static final double[][] NEW_W2 = {")
    for k in OUTPUTS:
        print("        %s," % arr(new_w[(j, k)] for j in HIDDEN))
    print("};")
    print("static final double[] NEW_B2 = %s;" % arr(new_theta[k] for k in OUTPUTS))


if __name__ == "__main__":
    if sys.argv[1:] == ["--java"]:
        print_java()
    elif sys.argv[1:] == []:
        print_derivation()
    else:
        sys.exit("usage: derive_342.py [--java]")
