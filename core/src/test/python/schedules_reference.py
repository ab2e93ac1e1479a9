"""Reference learning-rate sequences from PyTorch's schedulers, for ScheduleReferenceTest.

Run:  /usr/bin/python3 core/src/test/python/schedules_reference.py
(needs torch; Debian: apt-get install -y python3-torch). Prints Java array literals that are
pasted into core/src/test/java/org/backprop4j/schedule/ScheduleReferenceTest.java.
Each scheduler is stepped the way the Java side is queried: once per epoch (step, exponential,
plateau) or once per update (warm-up + cosine), reading the rate *before* each step.
"""
import torch


def opt(lr):
    return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)


def rates(sched, o, n, metrics=None):
    out = []
    for i in range(n):
        out.append(o.param_groups[0]["lr"])
        if metrics is None:
            o.step()
            sched.step()
        else:
            sched.step(metrics[i])
    return out


def java(name, xs):
    print("    static final double[] %s = {%s};" % (name, ", ".join(repr(float(x)) for x in xs)))


print("    // torch", torch.__version__)
# StepLR(step_size=3, gamma=0.5), base 0.1, epochs 1..10
o = opt(0.1)
java("STEP_LR", rates(torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), o, 10))

# ExponentialLR(gamma=0.9), base 0.1, epochs 1..6
o = opt(0.1)
java("EXPONENTIAL_LR", rates(torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), o, 6))

# LinearLR(start_factor=0.25, total_iters=4) then CosineAnnealingLR(T_max=8, eta_min=0.01), base 0.2,
# updates 0..12 (W = 4, T = 12); PyTorch's cosine rises again after T_max, ours stays at min.
o = opt(0.2)
warm = torch.optim.lr_scheduler.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4)
cos = torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=8, eta_min=0.01)
java("WARMUP_COSINE", rates(torch.optim.lr_scheduler.SequentialLR(o, [warm, cos], milestones=[4]), o, 13))

# ReduceLROnPlateau, base 1.0; the rate in force during epoch e+1, after step(metrics[0..e])
def plateau(metrics, **kw):
    o = opt(1.0)
    s = torch.optim.lr_scheduler.ReduceLROnPlateau(o, mode="min", **kw)
    out = []
    for m in metrics:
        s.step(m)
        out.append(o.param_groups[0]["lr"])
    return out

PLATEAU_METRICS = [1.0, 0.9, 0.95, 0.91, 0.9, 0.85, 0.85, 0.86, 0.87, 0.80, 0.80, 0.80, 0.80, 0.80, 0.80, 0.80,
                   0.80, 0.80]
java("PLATEAU_METRICS", PLATEAU_METRICS)
java("PLATEAU_REL", plateau(PLATEAU_METRICS, factor=0.5, patience=2, threshold=0.1, threshold_mode="rel",
                            cooldown=1, min_lr=0.1))
java("PLATEAU_ABS", plateau(PLATEAU_METRICS, factor=0.5, patience=1, threshold=0.05, threshold_mode="abs",
                            cooldown=0, min_lr=0.0))
DEFAULT_METRICS = [1.0 / (1 + i) if i < 5 else 0.2 - 1e-6 * i for i in range(40)]
java("DEFAULT_METRICS", DEFAULT_METRICS)
java("PLATEAU_DEFAULT", plateau(DEFAULT_METRICS))
