"""Fashion-MNIST for the reference trainers of benchmarks/compare.sh.

Reads the four IDX files (gzip-compressed or not) from $FASHION_MNIST_DIR, default
/usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist), scales the pixels to
[0, 1] as float32 (pixel / 255, as backprop4j does) and returns the labels as int64.
Also holds the small helpers every reference program shares: median, argument parsing and the
RESULT line that the harness reads.
"""
import argparse
import gzip
import json
import os
import struct

import numpy as np

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"
FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


def _open(directory, base):
    for name, opener in ((base + ".gz", gzip.open), (base, open)):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path, opener(path, "rb")
    raise FileNotFoundError("%s(.gz) not found in %s; apt-get install dataset-fashion-mnist or set "
                            "FASHION_MNIST_DIR" % (base, directory))


def read_idx(directory, base, expected_dims):
    """An unsigned-byte IDX array with expected_dims dimensions, as a numpy uint8 array."""
    path, f = _open(directory, base)
    with f:
        raw = f.read()
    if len(raw) < 4:
        raise ValueError("%s: %d bytes, too short for an IDX header" % (path, len(raw)))
    zero, type_code, dims = struct.unpack(">HBB", raw[:4])
    if zero != 0 or type_code != 0x08 or dims != expected_dims:
        raise ValueError("%s: IDX header (magic %d, type 0x%02x, %d dims), expected unsigned bytes with %d dims"
                         % (path, zero, type_code, dims, expected_dims))
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims)
    if data.size != int(np.prod(shape)):
        raise ValueError("%s: %d data bytes, header says %s" % (path, data.size, shape))
    return data.reshape(shape)


def load(part):
    """(x, y) of 'train' or 'test': x float32 [n, 784] in [0, 1], y int64 [n]."""
    directory = os.environ.get("FASHION_MNIST_DIR", DEFAULT_DIR)
    images, labels = FILES[part]
    x = read_idx(directory, images, 3)
    y = read_idx(directory, labels, 1)
    if x.shape[0] != y.shape[0]:
        raise ValueError("%s: %d images but %d labels" % (part, x.shape[0], y.shape[0]))
    x = x.reshape(x.shape[0], -1).astype(np.float32) / np.float32(255.0)
    return np.ascontiguousarray(x), y.astype(np.int64)


def median(values):
    v = sorted(values)
    n = len(v)
    if n == 0:
        return float("nan")
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def median_from_second(epoch_seconds):
    """Median of epochs 2..E (epoch 1 includes one-off start-up costs); epoch 1 if it is the only one."""
    return median(epoch_seconds[1:]) if len(epoch_seconds) > 1 else epoch_seconds[0]


def arguments(description, default_optimizer="adam", default_batch=128):
    """The command line every reference trainer understands (the same as FashionMnistBench's)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--optimizer", choices=["adam", "sgd"], default=default_optimizer)
    p.add_argument("--lr", type=float, default=None, help="default 0.001 for adam, 0.1 for sgd")
    p.add_argument("--batch", type=int, default=default_batch)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--threads", type=int, default=0,
                   help="intra-op threads to ask for; 0 = leave the library's default")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--infer-samples", type=int, default=10000)
    p.add_argument("--infer-reps", type=int, default=3)
    a = p.parse_args()
    if a.lr is None:
        a.lr = 0.001 if a.optimizer == "adam" else 0.1
    if a.batch < 1 or a.epochs < 1 or a.infer_reps < 1 or a.infer_samples < 0:
        p.error("--batch, --epochs and --infer-reps must be >= 1, --infer-samples >= 0")
    return a


def report(result):
    """Prints the RESULT line (JSON) that the harness reads; NaN becomes null."""
    clean = {k: (None if isinstance(v, float) and v != v else v) for k, v in result.items()}
    print("RESULT " + json.dumps(clean), flush=True)
