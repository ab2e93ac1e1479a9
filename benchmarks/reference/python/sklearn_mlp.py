"""scikit-learn reference trainer for benchmarks/compare.sh.

MLPClassifier with hidden layers (256, 128), ReLU, softmax output and log-loss: the same
784-256-128-10 network. Adam (or plain SGD without momentum), no L2 penalty (alpha = 0, to match
the other programs), mini-batches reshuffled every epoch. One partial_fit call is one epoch, so
each epoch is timed on its own (the median of epochs 2..E is reported). Also test accuracy,
batch-1 latency (predict on one row, per sample) and batch-1024 throughput; last line:
RESULT {json}.

scikit-learn's MLP does its matrix products in numpy, i.e. OpenBLAS: set OPENBLAS_NUM_THREADS
(and OMP_NUM_THREADS) before Python starts to choose the thread count.
"""
import time
import warnings

import numpy as np
import sklearn
from sklearn.neural_network import MLPClassifier

import fmnist


def main():
    a = fmnist.arguments(__doc__.splitlines()[0], default_batch=200)
    xtr, ytr = fmnist.load("train")
    xte, yte = fmnist.load("test")
    clf = MLPClassifier(hidden_layer_sizes=(256, 128), activation="relu", solver=a.optimizer,
                        learning_rate_init=a.lr, batch_size=a.batch, alpha=0.0, momentum=0.0,
                        shuffle=True, random_state=a.seed)
    print("# scikit-learn %s | numpy %s | %s lr %g batch %d | %d epochs"
          % (sklearn.__version__, np.__version__, a.optimizer, a.lr, a.batch, a.epochs), flush=True)
    classes = np.arange(10)
    epoch_s = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for epoch in range(1, a.epochs + 1):
            t0 = time.perf_counter()
            clf.partial_fit(xtr, ytr, classes=classes)
            epoch_s.append(time.perf_counter() - t0)
            print("epoch %d  %.3f s  loss %.4f" % (epoch, epoch_s[-1], clf.loss_), flush=True)

    test_acc = float((clf.predict(xte) == yte).mean())
    samples = min(a.infer_samples, xte.shape[0])
    lat, thr = float("nan"), float("nan")
    if samples > 0:
        rows = [xte[i:i + 1] for i in range(samples)]
        times = []
        for rep in range(-1, a.infer_reps):
            t0 = time.perf_counter()
            for r in rows:
                clf.predict(r)
            if rep >= 0:
                times.append((time.perf_counter() - t0) / samples * 1e6)
        lat = fmnist.median(times)
        chunks = [xte[i:i + 1024] for i in range(0, xte.shape[0], 1024)]
        rates = []
        for rep in range(-2, max(a.infer_reps, 5)):
            t0 = time.perf_counter()
            for c in chunks:
                clf.predict(c)
            if rep >= 0:
                rates.append(xte.shape[0] / (time.perf_counter() - t0))
        thr = fmnist.median(rates)
    print("test accuracy %.4f | batch-1 latency %.2f us/sample | batch-1024 %.0f samples/s | weights %s"
          % (test_acc, lat, thr, clf.coefs_[0].dtype))
    fmnist.report({"program": "scikit-learn", "version": sklearn.__version__, "optimizer": a.optimizer,
                   "lr": a.lr, "batch": a.batch, "dtype": str(clf.coefs_[0].dtype), "epoch_s": epoch_s,
                   "s_per_epoch": fmnist.median_from_second(epoch_s), "test_acc": test_acc,
                   "latency_us": lat, "throughput_per_s": thr})


if __name__ == "__main__":
    main()
