#!/usr/bin/env python3
"""Independent reference for docs/examples.md "Is it a cat?" and the hdf5 module's tests.

Reads the course's HDF5 files with h5py, reproduces the course's initialisation with numpy's
legacy generator (np.random.seed(1), np.random.randn) and trains the two-layer and four-layer
models with full-batch gradient descent in float64, written from the course's description:
Z = W.A + b, ReLU hidden layers, sigmoid output, cost = -mean(Y log AL + (1-Y) log(1-AL)),
learning rate 0.0075, 2500 iterations, cost printed before the update of iterations 0, 100, ...

Prints the numbers that the Java tests hard-code (RNG vectors, pixels, labels) and the costs and
accuracies that docs/examples.md compares with.

    python3 docs/examples/catvnoncat_reference.py [DATA_DIR] [--vectors-only]

Needs numpy and h5py (Debian: apt-get install python3-numpy python3-h5py).
"""
import sys
import numpy as np

DATA = next((a for a in sys.argv[1:] if not a.startswith('--')), '../shared/data/catvnoncat')


def vectors():
    rs = np.random.RandomState(1)
    print('MT19937 seed 1, first 5 raw uint32:', rs._bit_generator.random_raw(5).tolist())
    rs = np.random.RandomState(5489)
    print('MT19937 seed 5489, first 3 raw uint32:', rs._bit_generator.random_raw(3).tolist())
    np.random.seed(1)
    print('seed 1, random_sample(3):', [repr(v) for v in np.random.random_sample(3)])
    np.random.seed(1)
    print('seed 1, randn(7):', [repr(v) for v in np.random.randn(7)])
    np.random.seed(1)
    v = np.random.randn(12288 * 7 + 7)
    print('seed 1, randn: value 86015 (W1[6][12287] before *0.01):', repr(v[86015]),
          ' value 86016 (W2[0][0] before *0.01):', repr(v[86016]))
    np.random.seed(1)
    v = np.random.randn(3000)
    print('seed 1, randn: values 2176, 2177:', repr(v[2176]), repr(v[2177]))
    # The polar method's r2 for that pair, C's log of it (numpy calls it) and ln r2 rounded correctly.
    import math
    from decimal import Decimal, getcontext
    getcontext().prec = 50
    np.random.seed(1)
    u = np.random.random_sample(10000)
    i, made = 0, 0
    while True:
        x1, x2 = 2.0 * u[i] - 1.0, 2.0 * u[i + 1] - 1.0
        i += 2
        r2 = x1 * x1 + x2 * x2
        if r2 >= 1.0 or r2 == 0.0:
            continue
        made += 2
        if made == 2178:
            break
    lr = float(Decimal(r2).ln())
    print('  r2 =', r2.hex(), ' C log(r2) =', math.log(r2).hex(), ' correctly rounded ln(r2) =', lr.hex())
    f = math.sqrt(-2.0 * lr / r2)
    print('  with the correctly rounded ln the pair is', repr(f * x2), repr(f * x1))
    p = course_init([12288, 7, 1], True)
    print('two-layer W1[0][0:3]', [repr(x) for x in p['W1'][0, :3]], ' W1[6][12287]', repr(p['W1'][6, 12287]),
          ' W2[0]', [repr(x) for x in p['W2'][0]])
    p = course_init([12288, 20, 7, 5, 1], False)
    print('four-layer W1[0][0:3]', [repr(x) for x in p['W1'][0, :3]], ' W1[19][12287]', repr(p['W1'][19, 12287]),
          ' W2[6][19]', repr(p['W2'][6, 19]), ' W3[4][6]', repr(p['W3'][4, 6]), ' W4[0]', [repr(x) for x in p['W4'][0]])


def load(path, xk, yk):
    import h5py
    with h5py.File(path, 'r') as f:
        x = np.array(f[xk])
        y = np.array(f[yk])
        classes = [c.decode() for c in np.array(f['list_classes'])]
    return x, y, classes


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def train(X, Y, params, L, iterations=2500, lr=0.0075):
    m = X.shape[1]
    costs = []
    for i in range(iterations):
        A = [X]
        Z = [None]
        for l in range(1, L + 1):
            z = params['W%d' % l] @ A[-1] + params['b%d' % l]
            Z.append(z)
            A.append(sigmoid(z) if l == L else np.maximum(0, z))
        AL = A[-1]
        cost = float(np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m))
        if i % 100 == 0 or i == iterations - 1:
            costs.append((i, cost))
        dZ = AL - Y
        for l in range(L, 0, -1):
            dW = dZ @ A[l - 1].T / m
            db = np.sum(dZ, axis=1, keepdims=True) / m
            if l > 1:
                dA = params['W%d' % l].T @ dZ
                dZ = dA * (Z[l - 1] > 0)
            params['W%d' % l] -= lr * dW
            params['b%d' % l] -= lr * db
    return costs


def accuracy(X, Y, params, L):
    A = X
    for l in range(1, L + 1):
        z = params['W%d' % l] @ A + params['b%d' % l]
        A = sigmoid(z) if l == L else np.maximum(0, z)
    return float(np.mean((A > 0.5) == Y))


def course_init(dims, two_layer):
    np.random.seed(1)
    p = {}
    for l in range(1, len(dims)):
        w = np.random.randn(dims[l], dims[l - 1])
        p['W%d' % l] = w * 0.01 if two_layer else w / np.sqrt(dims[l - 1])
        p['b%d' % l] = np.zeros((dims[l], 1))
    return p


def main():
    vectors()
    if '--vectors-only' in sys.argv:
        return
    tx, ty, classes = load(DATA + '/train_catvnoncat.h5', 'train_set_x', 'train_set_y')
    sx, sy, _ = load(DATA + '/test_catvnoncat.h5', 'test_set_x', 'test_set_y')
    print('classes', classes, 'train', tx.shape, tx.dtype, ty.dtype, 'test', sx.shape)
    print('train_set_x[0,0,0,:] =', tx[0, 0, 0].tolist(), ' [0,0,1,:] =', tx[0, 0, 1].tolist(),
          ' [208,63,63,:] =', tx[208, 63, 63].tolist(), ' [7,12,34,:] =', tx[7, 12, 34].tolist())
    print('test_set_x[49,63,63,:] =', sx[49, 63, 63].tolist())
    print('train_set_y[:12] =', ty[:12].tolist(), ' sum', int(ty.sum()), ' test_set_y sum', int(sy.sum()),
          ' test_set_y[:12] =', sy[:12].tolist())
    print('train_set_x sum', int(tx.astype(np.int64).sum()), ' test_set_x sum', int(sx.astype(np.int64).sum()))
    X = tx.reshape(tx.shape[0], -1).T / 255.
    Xt = sx.reshape(sx.shape[0], -1).T / 255.
    Y = ty.reshape(1, -1)
    Yt = sy.reshape(1, -1)
    for dims, two in (([12288, 7, 1], True), ([12288, 20, 7, 5, 1], False)):
        p = course_init(dims, two)
        L = len(dims) - 1
        costs = train(X, Y, p, L)
        print(dims, 'costs:')
        for i, c in costs:
            print('  %4d  %r' % (i, c))
        print('  train accuracy', accuracy(X, Y, p, L), ' test accuracy', accuracy(Xt, Yt, p, L))


if __name__ == '__main__':
    main()
