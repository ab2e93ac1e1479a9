"""PyTorch reference trainer for benchmarks/compare.sh.

784-256-128-10 (ReLU, ReLU, softmax via cross-entropy on the logits), float32, trained on the
60,000 Fashion-MNIST training images with Adam or plain SGD (no momentum, no weight decay) in
mini-batches, reshuffled every epoch. Reports seconds per epoch (shuffle + training steps; the
median of epochs 2..E), test accuracy, batch-1 latency (one sample through the model plus argmax,
per sample) and batch-1024 throughput, as the last line: RESULT {json}.

Threads: set the environment before Python starts (OpenBLAS reads it when it loads), e.g.
  OPENBLAS_NUM_THREADS=2 /usr/bin/python3 torch_mlp.py               (torch's default threading)
  OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 torch_mlp.py --threads 2
Forcing two busy-waiting pools onto two cores (OMP_NUM_THREADS=2 and OPENBLAS_NUM_THREADS=2 without
OMP_WAIT_POLICY=PASSIVE) is several times slower on a 2-core machine; the harness never does it.
"""
import time

import torch
from torch import nn

import fmnist


def network(seed):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(),
                         nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10))


def latency_us(model, x, samples, reps):
    """Median over reps of the time per sample of model(one row).argmax(1), rows prepared first."""
    rows = [x[i:i + 1] for i in range(samples)]
    times = []
    with torch.inference_mode():
        for rep in range(-1, reps):          # rep -1: untimed warm-up pass
            t0 = time.perf_counter()
            for r in rows:
                model(r).argmax(1)
            if rep >= 0:
                times.append((time.perf_counter() - t0) / samples * 1e6)
    return fmnist.median(times)


def throughput(model, x, batch, reps):
    """Median over reps of samples per second of model(chunk).argmax(1) over the test set."""
    chunks = [x[i:i + batch] for i in range(0, x.shape[0], batch)]
    rates = []
    with torch.inference_mode():
        for rep in range(-2, reps):
            t0 = time.perf_counter()
            for c in chunks:
                model(c).argmax(1)
            if rep >= 0:
                rates.append(x.shape[0] / (time.perf_counter() - t0))
    return fmnist.median(rates)


def main():
    a = fmnist.arguments(__doc__.splitlines()[0])
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    xtr, ytr = (torch.from_numpy(v) for v in fmnist.load("train"))
    xte, yte = (torch.from_numpy(v) for v in fmnist.load("test"))
    print("# torch %s | intra-op threads %d | %s lr %g batch %d | %d epochs"
          % (torch.__version__, torch.get_num_threads(), a.optimizer, a.lr, a.batch, a.epochs), flush=True)

    model = network(a.seed)
    loss_fn = nn.CrossEntropyLoss()
    if a.optimizer == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=a.lr)
    gen = torch.Generator().manual_seed(a.seed)
    n = xtr.shape[0]
    epoch_s = []
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        order = torch.randperm(n, generator=gen)
        xs, ys = xtr[order], ytr[order]
        loss_sum = 0.0
        for i in range(0, n, a.batch):
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xs[i:i + a.batch]), ys[i:i + a.batch])
            loss.backward()
            opt.step()
            loss_sum += loss.detach() * min(a.batch, n - i)
        epoch_s.append(time.perf_counter() - t0)
        print("epoch %d  %.3f s  loss %.4f" % (epoch, epoch_s[-1], float(loss_sum) / n), flush=True)

    with torch.inference_mode():
        test_acc = float((model(xte).argmax(1) == yte).float().mean())
    samples = min(a.infer_samples, xte.shape[0])
    lat = latency_us(model, xte, samples, a.infer_reps) if samples > 0 else float("nan")
    thr = throughput(model, xte, 1024, max(a.infer_reps, 5)) if samples > 0 else float("nan")
    print("test accuracy %.4f | batch-1 latency %.2f us/sample | batch-1024 %.0f samples/s" % (test_acc, lat, thr))
    fmnist.report({"program": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(),
                   "optimizer": a.optimizer, "lr": a.lr, "batch": a.batch, "epoch_s": epoch_s,
                   "s_per_epoch": fmnist.median_from_second(epoch_s), "test_acc": test_acc,
                   "latency_us": lat, "throughput_per_s": thr})


if __name__ == "__main__":
    main()
