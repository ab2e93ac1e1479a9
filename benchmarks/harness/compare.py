#!/usr/bin/env python3
"""Side-by-side benchmark of backprop4j against OpenBLAS, PyTorch, scikit-learn, Smile and
Deeplearning4j. Run it through benchmarks/compare.sh, which builds the programs first and tells this
script where they are (environment variables below); `compare.sh --help` lists the options.

Two parts:
  kernels  OpenBLAS sgemm (benchmarks/reference/openblas/sgemm_bench.c), then --kernel-passes times
           the JMH benchmark org.backprop4j.bench.GemmJmh followed by OpenBLAS again. Each side's
           figure for a shape is its best pass (a pass's figure: the median of its repetitions).
           Table: GFLOP/s and the ratio backprop4j / OpenBLAS per shape, orientation and thread
           count, every pass, and the ratio of the medians over the passes.
  epochs   Fashion-MNIST, 784-256-128-10, same hyperparameters and thread count on both sides.
           Each reference run is paired with an adjacent backprop4j run of the same configuration
           (the order inside a pair flips every round); every round runs every pair. Tables: medians,
           the ratio backprop4j / reference per pair and its median, accuracy, batch-1 latency,
           batch-1024 throughput, peak resident memory.

Peak resident memory is the child's ru_maxrss from wait4() (the same figure as /usr/bin/time -v's
"Maximum resident set size"). "Other load" is the CPU time the rest of the machine used during a
run (from /proc/stat, minus the run's own CPU time), in cores: it shows how contended a run was.

Environment set by compare.sh: BP4J_CP, BP4J_JAVA, SGEMM_BIN, PYTHON, SMILE_CP, SMILE_JAVA,
DL4J_CP, DL4J_JAVA, and SKIP_REASON_<PART> for parts that could not be built.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

PARTS = ["jmh", "openblas", "torch", "sklearn", "smile", "dl4j"]
ALIASES = {"kernels": ["jmh", "openblas"], "pytorch": ["torch"], "scikit-learn": ["sklearn"],
           "deeplearning4j": ["dl4j"]}


# ----------------------------------------------------------------------------------- utilities

def median(values):
    v = sorted(x for x in values if x is not None)
    n = len(v)
    if n == 0:
        return None
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def busy_seconds():
    """CPU seconds the whole machine has spent busy (all cores), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return None


def loadavg():
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "n/a"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def mem_total_gib():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 2 ** 20
    except OSError:
        pass
    return None


class Run:
    """One finished child process: exit status, wall time, peak RSS, other load, RESULT lines."""

    def __init__(self, name, rc, wall, rss_mb, other_cores, lines, log_path):
        self.name, self.rc, self.wall, self.rss_mb = name, rc, wall, rss_mb
        self.other_cores, self.lines, self.log_path = other_cores, lines, log_path
        self.probe = None       # CoreProbe's figures taken just before the run (training runs on 2+ threads)
        self.results = []
        for line in lines:
            if line.startswith("RESULT "):
                payload = line[len("RESULT "):].strip()
                if payload.startswith("{"):
                    try:
                        self.results.append(json.loads(payload))
                    except ValueError:
                        pass
                else:
                    self.results.append(dict(kv.split("=", 1) for kv in payload.split()))

    @property
    def ok(self):
        return self.rc == 0 and bool(self.results)

    @property
    def trained(self):
        """A training run that finished and reported its seconds per epoch."""
        return self.ok and isinstance(self.result.get("s_per_epoch"), (int, float))

    @property
    def result(self):
        return self.results[-1] if self.results else {}

    def failure(self):
        tail = [l.strip() for l in self.lines if l.strip() and not l.startswith("RESULT")][-3:]
        return "exit %s: %s" % (self.rc, " | ".join(tail)[-300:])


def run(name, cmd, env, log_path, timeout, cwd=None):
    """Runs cmd, teeing its output to log_path; returns a Run."""
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    busy0 = busy_seconds()
    t0 = time.perf_counter()
    lines = []
    with open(log_path, "w") as logf:
        logf.write("$ " + " ".join(cmd) + "\n")
        logf.write("# env: " + " ".join("%s=%s" % (k, env[k]) for k in sorted(env)
                                        if re.match(r"(OMP|OPENBLAS|MKL|GOMP|KMP)_", k)) + "\n")
        logf.flush()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                             text=True, errors="replace", start_new_session=True)
        killer = threading.Timer(timeout, lambda: os.killpg(p.pid, signal.SIGKILL))
        killer.start()
        try:
            for line in p.stdout:
                logf.write(line)
                lines.append(line)
            _, status, usage = os.wait4(p.pid, 0)
        except BaseException:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            raise
        finally:
            killer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    busy1 = busy_seconds()
    own = usage.ru_utime + usage.ru_stime
    other = None
    if busy0 is not None and busy1 is not None and wall > 0:
        other = max(0.0, busy1 - busy0 - own) / wall
    r = Run(name, p.returncode, wall, usage.ru_maxrss / 1024.0, other, lines, log_path)
    if p.returncode in (-9, 137) and wall >= timeout:
        lines.append("killed after the %d s time limit\n" % timeout)
    return r


def probe_text(p):
    """CoreProbe's figures as '71 ns; 1.00 ×', or '–'."""
    if not p or not isinstance(p.get("round_trip_ns"), (int, float)):
        return "–"
    ratio = p.get("fma_two_thread_ratio")
    return "%.0f ns; %s" % (p["round_trip_ns"], "%.2f ×" % ratio if isinstance(ratio, (int, float)) else "–")


def fmt(v, spec="%.3f", none="–"):
    return none if v is None else spec % v


def table(header, rows, align=None):
    """A markdown table; align is a string of 'l'/'r' per column (default: first two left, rest right)."""
    align = align or ("ll" + "r" * (len(header) - 2))
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---:" if c == "r" else "---" for c in align) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


# ----------------------------------------------------------------------------------- set-up

class Harness:
    def __init__(self, a):
        self.a = a
        self.root = a.root
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.results_dir = a.results or os.path.join(self.root, "benchmarks", "results")
        self.stem = os.path.join(self.results_dir, "compare-" + stamp)
        self.logs = self.stem + "-logs"
        self.nproc = os.cpu_count() or 1
        self.skip = {}
        for part in a.skip:
            for p in ALIASES.get(part, [part]):
                self.skip[p] = "skipped (--skip)"
        for part in PARTS:
            reason = os.environ.get("SKIP_REASON_" + part.upper())
            if reason and part not in self.skip:
                self.skip[part] = reason
        self.runs = []          # every Run, in order, for the detail table
        self.sections = []

    def base_env(self, **extra):
        env = {k: v for k, v in os.environ.items()
               if not re.match(r"(OMP|OPENBLAS|MKL|GOMP|KMP)_", k) and not k.startswith("SKIP_REASON_")}
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def pin(self):
        """taskset prefix that confines a run to --threads cores when that is fewer than the machine has."""
        t = self.a.threads
        if t < self.nproc and shutil.which("taskset"):
            return ["taskset", "-c", "0-%d" % (t - 1)]
        return []

    def execute(self, label, cmd, env, timeout=None):
        n = len(self.runs) + 1
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", label)
        r = run(label, cmd, env, os.path.join(self.logs, "%02d-%s.log" % (n, safe)), timeout or self.a.timeout)
        self.runs.append(r)
        return r

    # ------------------------------------------------------------------------------- kernels

    def kernels(self):
        a = self.a
        want_blas = "openblas" not in self.skip
        want_jmh = "jmh" not in self.skip
        if not want_blas and not want_jmh:
            return
        blas = {}       # (threads, batch, layer, product) -> [gflops...]
        meta = {}

        def openblas_pass(tag):
            for t in (1, 2):
                r = self.execute("openblas-%s-%dt" % (tag, t),
                                 [os.environ["SGEMM_BIN"], str(t)] + [str(x) for x in a.blas_args],
                                 self.base_env(OPENBLAS_NUM_THREADS=t))
                if r.rc != 0 or not r.results:
                    log("  OpenBLAS %d thread(s) failed: %s" % (t, r.failure()))
                    continue
                for x in r.results:
                    key = (int(x["threads"]), int(x["batch"]), x["layer"], x["product"])
                    blas.setdefault(key, []).append(float(x["gflops"]))
                    meta[key] = (int(x["m"]), int(x["n"]), int(x["k"]))
                head = [l for l in r.lines if l.startswith("# OpenBLAS")]
                if head:
                    self.blas_config = head[0][2:].split("|")[0].strip()
                log("  OpenBLAS sgemm, %d thread(s): done (%.0f s)" % (t, r.wall))

        self.blas_config = "OpenBLAS"
        passes = a.kernel_passes
        jmh = {}        # (threads, batch, layer, product) -> [calls per second, one figure per JMH pass]

        def jmh_pass(n):
            # the network's layers at batch 128 and 1 in every pass; the wide layer at batch 128, first pass only
            parts = [("jmh-gemm", ["-p", "layer=" + ",".join(MLP_LAYERS)])]
            if n == 1:
                parts.append(("jmh-gemm-wide", ["-p", "layer=" + WIDE_LAYER, "-p", "batch=128"]))
            for name, params in parts:
                suffix = ("-jmh" if name == "jmh-gemm" else "-jmh-wide") + ("" if n == 1 else "-%d" % n) + ".json"
                json_path = self.stem + suffix
                cmd = [os.environ["BP4J_JAVA"], "-cp", os.environ["BP4J_CP"], "org.openjdk.jmh.Main",
                       "org.backprop4j.bench.GemmJmh", "-rf", "json", "-rff", json_path, "-foe", "true",
                       "-jvmArgsAppend", "--add-modules jdk.incubator.vector -Dbackprop4j.kernels=vector -Xmx1g"
                       ] + params + list(a.jmh_args)
                r = self.execute("%s-%d" % (name, n), cmd, self.base_env(), timeout=max(a.timeout, 3600))
                if r.rc != 0 or not os.path.exists(json_path):
                    log("  JMH failed: %s" % r.failure())
                    continue
                got = 0
                with open(json_path) as f:
                    for b in json.load(f):
                        p = b["params"]
                        key = (int(p["threads"]), int(p["batch"]), p["layer"], p["product"])
                        raw = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
                        jmh.setdefault(key, []).append(median(raw))     # calls per second
                        got += 1
                log("  JMH %s, pass %d: %d results (%.0f s)" % (name, n, got, r.wall))

        # OpenBLAS, then (JMH, OpenBLAS) per pass: every JMH pass lies between two OpenBLAS passes
        if want_blas:
            log("kernels: OpenBLAS sgemm, pass 1 of %d" % (passes + 1))
            openblas_pass("1")
        for n in range(1, passes + 1):
            if want_jmh:
                log("kernels: JMH GemmJmh, pass %d of %d (%s); log in %s" % (n, passes, " ".join(a.jmh_args), self.logs))
                jmh_pass(n)
            if want_blas:
                log("kernels: OpenBLAS sgemm, pass %d of %d" % (n + 1, passes + 1))
                openblas_pass(str(n + 1))

        rows = []
        self.kernel_met_median = 0      # shapes whose ratio of the medians over the passes meets the target
        keys = sorted(set(blas) | set(jmh), key=lambda k: (k[0], -k[1], -int(k[2].split("-")[0]),
                                                           ["fwd", "dW", "dX"].index(k[3])))
        names = {"fwd": "fwd A·Bᵀ", "dW": "dW Aᵀ·B", "dX": "dX A·B"}
        for key in keys:
            t, batch, layer, product = key
            m, n, k = meta.get(key) or shape(batch, layer, product)
            flops = 2.0 * m * n * k
            ours_all = [x * flops / 1e9 for x in jmh.get(key, [])]
            refs = blas.get(key, [])
            ours, ref = (max(ours_all) if ours_all else None), (max(refs) if refs else None)
            ratio = ours / ref if ours is not None and ref else None
            ours_med, ref_med = median(ours_all), median(refs)
            ratio_med = ours_med / ref_med if ours_med is not None and ref_med else None
            narrow = layer.endswith("-10")
            # the targets are for the network's layers; the wide layer is reported without one
            target = (0.8 if narrow else 0.9) if batch >= 64 and layer in MLP_LAYERS else None
            verdict = "" if target is None or ratio is None else ("yes" if ratio >= target else "**no**")
            if target is not None and ratio_med is not None and ratio_med >= target:
                self.kernel_met_median += 1
            rows.append([t, batch, layer, names[product], "%d×%d×%d" % (m, n, k), fmt(ours, "%.1f"),
                         fmt(ref, "%.1f"), fmt(ratio, "%.2f"), fmt(target, "≥ %.1f", ""), verdict,
                         " / ".join("%.1f" % x for x in ours_all) or "–",
                         " / ".join("%.1f" % x for x in refs) or "–", fmt(ratio_med, "%.2f")])
        self.kernel_rows = rows
        text = ["## Kernels: float32 gemm, backprop4j (JMH) vs OpenBLAS sgemm", "",
                "OpenBLAS: `%s`." % self.blas_config, "",
                "GFLOP/s = 2·m·n·k / time. The sides take turns: OpenBLAS, then %d × (JMH, OpenBLAS), so "
                "every JMH pass lies between two OpenBLAS passes. A pass's figure for a shape is the median "
                "of its repetitions (backprop4j: the JMH iterations of GemmJmh, kernels from "
                "KernelProvider.kernels(threads), vector kernels, one fork per shape; OpenBLAS: "
                "sgemm_bench's repetitions). Each side's figure is its best pass, the same rule for both: "
                "a slowdown from outside the machine only ever lowers a figure, and it hits one side's pass "
                "and not the other's. Every pass is listed, and the ratio of the medians over the passes is "
                "given as well. The issue's targets apply at the training batch (128): ≥ 0.9 × OpenBLAS, "
                "≥ 0.8 × at the narrow output-layer shapes. The 4096-4096 rows (a wide layer, batch 128, "
                "first JMH pass only) are for comparison and have no target." % passes, "",
                table(["threads", "batch", "layer", "product", "m × n × k", "GFLOP/s backprop4j",
                       "GFLOP/s OpenBLAS", "ratio", "target", "met", "backprop4j per pass",
                       "OpenBLAS per pass", "ratio of the medians"], rows, "rrllrrrrrlrrr")]
        if rows:
            self.sections.append("\n".join(text))

    # ------------------------------------------------------------------------------- epochs

    def probe(self):
        """CoreProbe just before a training run: the round trip between two spinning threads (ns) and two
        threads' time for a register-only loop against one thread's. On the VM this was written on, the
        two CPUs move (two cores, one core's two hardware threads, distant dies), which changes every
        program's speed. A snapshot of the moment before the run: the placement can change within seconds
        (in run AL it did not sort the slow runs from the fast ones). None where not measured."""
        if self.a.threads < 2 or self.nproc < 2:
            return None
        cmd = self.pin() + [os.environ["BP4J_JAVA"], "-cp", os.environ["BP4J_CP"], "org.backprop4j.bench.CoreProbe"]
        try:
            out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        for line in out.splitlines():
            if line.startswith("RESULT {"):
                try:
                    return json.loads(line[len("RESULT "):])
                except ValueError:
                    return None
        return None

    def bp4j_cmd(self, cfg):
        a = self.a
        return self.pin() + [os.environ["BP4J_JAVA"]] + a.bp4j_jvm_opts.split() + [
            "--add-modules", "jdk.incubator.vector", "-Dbackprop4j.kernels=vector",
            "-cp", os.environ["BP4J_CP"], "org.backprop4j.bench.FashionMnistBench"] + self.common_args(cfg)

    def common_args(self, cfg, threads=None):
        a = self.a
        return ["--optimizer", cfg["optimizer"], "--lr", repr(cfg["lr"]), "--batch", str(cfg["batch"]),
                "--epochs", str(a.epochs), "--threads", str(a.threads if threads is None else threads),
                "--seed", "1", "--infer-samples", str(a.infer_samples), "--infer-reps", str(a.infer_reps)]

    def references(self):
        """(part, label, config, command, env) of every reference to run, in the order of a round."""
        a = self.a
        t = a.threads
        adam128 = {"optimizer": "adam", "lr": 0.001, "batch": 128}
        adam200 = {"optimizer": "adam", "lr": 0.001, "batch": 200}
        sgd64 = {"optimizer": "sgd", "lr": 0.1, "batch": 64}
        py = os.environ.get("PYTHON", "/usr/bin/python3")
        pydir = os.path.join(self.root, "benchmarks", "reference", "python")
        refs = []
        if a.torch_threading == "passive":
            tenv = self.base_env(OMP_NUM_THREADS=t, OPENBLAS_NUM_THREADS=t, OMP_WAIT_POLICY="PASSIVE")
            tthreads, tdesc = t, "OMP_NUM_THREADS=%d OPENBLAS_NUM_THREADS=%d OMP_WAIT_POLICY=PASSIVE" % (t, t)
        else:   # torch's default intra-op threading (1 OpenMP thread here), OpenBLAS with t threads
            extra = {"OPENBLAS_NUM_THREADS": t}
            if t == 1:
                extra["OMP_NUM_THREADS"] = 1
            tenv = self.base_env(**extra)
            tthreads, tdesc = 0, " ".join("%s=%s" % kv for kv in extra.items()) + " (torch's default threading)"
        refs.append(("torch", "PyTorch", adam128, self.pin() + [py, os.path.join(pydir, "torch_mlp.py")]
                     + self.common_args(adam128, threads=tthreads), tenv, tdesc))
        senv = self.base_env(OMP_NUM_THREADS=t, OPENBLAS_NUM_THREADS=t)
        sdesc = "OMP_NUM_THREADS=%d OPENBLAS_NUM_THREADS=%d" % (t, t)
        for cfg in (adam200, adam128):
            refs.append(("sklearn", "scikit-learn", cfg, self.pin() + [py, os.path.join(pydir, "sklearn_mlp.py")]
                         + self.common_args(cfg), senv, sdesc))
        refs.append(("smile", "Smile", sgd64, self.pin() + [
            os.environ.get("SMILE_JAVA", "java"), "-Xmx3g", "--enable-native-access=ALL-UNNAMED",
            "-XX:ActiveProcessorCount=%d" % t, "-cp", os.environ.get("SMILE_CP", ""),
            "org.backprop4j.reference.smile.SmileMlp"] + self.common_args(sgd64),
                     self.base_env(OPENBLAS_NUM_THREADS=t),
                     "OPENBLAS_NUM_THREADS=%d -XX:ActiveProcessorCount=%d" % (t, t)))
        refs.append(("dl4j", "Deeplearning4j", adam128, self.pin() + [
            os.environ.get("DL4J_JAVA", "java"), "-Xmx3g", "-cp", os.environ.get("DL4J_CP", ""),
            "org.backprop4j.reference.dl4j.Dl4jMlp"] + self.common_args(adam128),
                     self.base_env(OMP_NUM_THREADS=t, OMP_WAIT_POLICY="PASSIVE", OPENBLAS_NUM_THREADS=t),
                     "OMP_NUM_THREADS=%d OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=%d" % (t, t)))
        return [r for r in refs if r[0] not in self.skip]

    def epochs(self):
        a = self.a
        refs = self.references()
        if not refs:
            return
        pairs = {}      # label+config -> list of (bp4j Run, ref Run)
        order = []
        for rnd in range(1, a.rounds + 1):
            for part, name, cfg, cmd, env, desc in refs:
                key = "%s|%s" % (name, cfg_text(cfg))
                if key not in pairs:
                    pairs[key] = []
                    order.append((key, part, name, cfg, desc))
                steps = [("bp4j", self.bp4j_cmd(cfg), self.base_env()), ("ref", cmd, env)]
                if rnd % 2 == 0:
                    steps.reverse()
                got = {}
                for who, c, e in steps:
                    label = ("backprop4j" if who == "bp4j" else part) + "-" + cfg_text(cfg).replace(" ", "")
                    probe = self.probe()
                    r = self.execute("r%d-%s" % (rnd, label), c, e)
                    r.probe = probe
                    got[who] = r
                    res = r.result
                    if r.trained:
                        log("round %d/%d %-14s %-26s %6.3f s/epoch  acc %.4f  peak RSS %5.0f MB  other load %s  CPUs %s"
                            % (rnd, a.rounds, "backprop4j" if who == "bp4j" else name, cfg_text(cfg),
                               res["s_per_epoch"], res.get("test_acc") or float("nan"), r.rss_mb,
                               fmt(r.other_cores, "%.2f cores"), probe_text(probe)))
                    else:
                        log("round %d/%d %-14s %-26s FAILED %s" % (rnd, a.rounds,
                            "backprop4j" if who == "bp4j" else name, cfg_text(cfg), r.failure()))
                pairs[key].append((got["bp4j"], got["ref"]))
        self.report_epochs(order, pairs)

    def report_epochs(self, order, pairs):
        a = self.a
        train_rows, infer_rows, notes = [], [], []
        self.summary = {}
        for key, part, name, cfg, desc in order:
            ps = pairs[key]
            ok_pairs = [(b, r) for b, r in ps if b.trained and r.trained]
            ref_s = median([r.result["s_per_epoch"] for _, r in ps if r.trained])
            bp_s = median([b.result["s_per_epoch"] for b, _ in ps if b.trained])
            ratios = [b.result["s_per_epoch"] / r.result["s_per_epoch"] for b, r in ok_pairs]
            ratio = median(ratios)
            failed = [r.failure() for _, r in ps if not r.trained] + [b.failure() for b, _ in ps if not b.trained]
            if failed:
                notes.append("- %s (%s): %d of %d runs failed; first: %s" % (name, cfg_text(cfg), len(failed),
                                                                           2 * len(ps), failed[0]))
            acc_ref = median([r.result.get("test_acc") for _, r in ps if r.trained])
            acc_bp = median([b.result.get("test_acc") for b, _ in ps if b.trained])
            rss_ref = max([r.rss_mb for _, r in ps if r.trained] or [None]) if any(r.trained for _, r in ps) else None
            rss_bp = max([b.rss_mb for b, _ in ps if b.trained] or [None]) if any(b.trained for b, _ in ps) else None
            other = median([x.other_cores for b, r in ps for x in (b, r)])
            spread = "" if len(ratios) < 2 else " (%.2f–%.2f)" % (min(ratios), max(ratios))
            train_rows.append([name, cfg_text(cfg), "%d/%d" % (len(ok_pairs), len(ps)), fmt(ref_s), fmt(bp_s),
                               fmt(ratio, "%.2f") + spread, fmt(ref_s / bp_s if ref_s and bp_s else None, "%.1f ×"),
                               fmt(acc_ref, "%.4f"), fmt(acc_bp, "%.4f"), fmt(rss_ref, "%.0f"), fmt(rss_bp, "%.0f"),
                               fmt(other, "%.2f")])
            lat = [(b.result.get("latency_us"), r.result.get("latency_us")) for b, r in ok_pairs]
            thr = [(b.result.get("throughput_per_s"), r.result.get("throughput_per_s")) for b, r in ok_pairs]
            lat_ratio = median([x / y for x, y in lat if x and y])
            thr_ratio = median([x / y for x, y in thr if x and y])
            infer_rows.append([name, cfg_text(cfg), fmt(median([y for _, y in lat]), "%.1f"),
                               fmt(median([x for x, _ in lat]), "%.1f"), fmt(lat_ratio, "%.2f"),
                               fmt(median([y for _, y in thr]), "%.0f"), fmt(median([x for x, _ in thr]), "%.0f"),
                               fmt(thr_ratio, "%.2f")])
            self.summary[key] = dict(part=part, name=name, cfg=cfg, ratio=ratio, lat_ratio=lat_ratio,
                                     thr_ratio=thr_ratio, rss_bp=rss_bp, acc_ref=acc_ref, acc_bp=acc_bp)
            note = "- %s threads: %s" % (name, desc)
            if note not in notes:
                notes.append(note)
        bp_cfg = "backprop4j: %s, %s, Network.threads(%d), vector kernels, JVM %s" % (
            os.environ.get("BP4J_JAVA", "java"), self.jdk_version, a.threads, a.bp4j_jvm_opts)
        text = ["## Fashion-MNIST training, 784-256-128-10, %d thread(s), %d epochs, %d round(s)"
                % (a.threads, a.epochs, a.rounds), "",
                "s/epoch: each run's %s, then the "
                "median over the rounds. ratio: backprop4j s/epoch ÷ reference s/epoch for each pair of adjacent "
                "runs, median (and range) over the pairs; below 1 backprop4j is faster. Peak RSS: largest over "
                "the runs, MB. Other load: CPU taken by other processes during the runs, in cores (median)."
                % ("median of epochs 2..%d (epoch 1 holds the JIT/start-up costs)" % a.epochs if a.epochs > 1
                   else "only epoch (with its JIT/start-up costs: use --epochs 2 or more)"), "",
                table(["reference", "configuration", "pairs ok", "s/epoch reference", "s/epoch backprop4j",
                       "ratio bp4j/ref", "speed-up", "test acc reference", "test acc backprop4j",
                       "peak RSS MB reference", "peak RSS MB backprop4j", "other load (cores)"], train_rows), "",
                "### Inference (after training; the model as trained in the same run)", "",
                "Batch-1 latency: one test image per call, output plus argmax, µs per sample (median of %d passes "
                "over %d images). Batch-1024 throughput: the 10,000 test images in chunks of 1024, samples/s. "
                "ratio: backprop4j ÷ reference per pair (latency: lower is better; throughput: higher is better)."
                % (a.infer_reps, a.infer_samples), "",
                table(["reference", "configuration", "µs/sample reference", "µs/sample backprop4j",
                       "ratio latency", "samples/s reference", "samples/s backprop4j", "ratio throughput"],
                      infer_rows), "", "Settings:", "- " + bp_cfg] + notes
        self.sections.append("\n".join(text))

    # ------------------------------------------------------------------------------- report

    def targets(self):
        """The issue's targets, checked against this run."""
        rows = []
        kr = getattr(self, "kernel_rows", [])
        judged = [r for r in kr if r[9]]
        if judged:
            met = sum(1 for r in judged if r[9] == "yes")
            worst = min(judged, key=lambda r: float(r[7]))
            met_med = getattr(self, "kernel_met_median", 0)
            rows.append(["gemm ≥ 0.9 × OpenBLAS (≥ 0.8 × at N or M = 10), batch 128, 1 and 2 threads",
                         "%d of %d shapes met (best pass against best pass); lowest %s (%s %s %s, %s thread(s)). "
                         "By the ratio of the medians over the passes: %d of %d"
                         % (met, len(judged), worst[7], worst[2], worst[3], worst[4], worst[0], met_med, len(judged))])
        s = getattr(self, "summary", {})

        def find(part, batch=None):
            for v in s.values():
                if v["part"] == part and (batch is None or v["cfg"]["batch"] == batch):
                    return v
            return None

        torch = find("torch")
        if torch:
            rows.append(["epoch ≤ 0.5 × PyTorch (Adam, batch 128)", "ratio %s; accuracy %s vs %s"
                         % (fmt(torch["ratio"], "%.2f"), fmt(torch["acc_bp"], "%.4f"), fmt(torch["acc_ref"], "%.4f"))])
            rows.append(["batch-1 latency ≤ 0.3 × PyTorch", "ratio %s" % fmt(torch["lat_ratio"], "%.2f")])
            rows.append(["batch-1024 throughput ≥ PyTorch", "ratio %s" % fmt(torch["thr_ratio"], "%.2f")])
        for part, label, limit in (("sklearn", "scikit-learn", 2.5), ("smile", "Smile", 5), ("dl4j", "Deeplearning4j", 5)):
            for v in s.values():
                if v["part"] == part:
                    rows.append(["≥ %.1f × faster than %s (%s)" % (limit, label, cfg_text(v["cfg"])),
                                 "%s × faster" % fmt(1 / v["ratio"] if v["ratio"] else None, "%.1f")])
        rss = [v["rss_bp"] for v in s.values() if v["rss_bp"]]
        if rss:
            rows.append(["peak RSS of a backprop4j training run ≤ 600 MB", "%.0f MB (largest of the runs)" % max(rss)])
        if rows:
            self.sections.insert(0, "## Issue 5 targets in this run\n\n" + table(["target", "this run"], rows, "ll"))

    def detail(self):
        rows = []
        for i, r in enumerate(self.runs, 1):
            res = r.result
            s = res.get("s_per_epoch") if isinstance(res.get("s_per_epoch"), (int, float)) else None
            rows.append([i, r.name, "ok" if r.rc == 0 else "exit %s" % r.rc, fmt(r.wall, "%.1f"), fmt(s),
                         fmt(res.get("test_acc") if isinstance(res.get("test_acc"), float) else None, "%.4f"),
                         fmt(r.rss_mb, "%.0f"), fmt(r.other_cores, "%.2f"), probe_text(r.probe)])
        self.sections.append("## Every run, in order\n\n" + table(
            ["#", "run", "status", "wall s", "s/epoch", "test acc", "peak RSS MB", "other load (cores)",
             "CPUs just before (round trip; 2 threads ÷ 1)"], rows,
            "rllrrrrrl")
            + "\n\nCPUs just before: `CoreProbe`, run right before each training run: the round trip of a value"
              " bounced between two spinning threads, and two threads' time for a register-only loop against one"
              " thread's. About 70 ns and 1.0 are two cores sharing an L3; about 30 ns with up to 2 × are one core's"
              " two hardware threads; 300 ns or more are distant cores (docs/benchmarks.md, \"Where the slow JVMs"
              " come from\"). A snapshot: the placement can change within seconds, during the run."
            + "\n\nLogs: `%s/`" % os.path.relpath(self.logs, self.root))

    def header(self, started, load0):
        a = self.a
        skipped = ", ".join("%s (%s)" % (k, v) for k, v in sorted(self.skip.items())) or "none"
        lines = ["# backprop4j side-by-side benchmark, %s" % started, "",
                 "- command: `benchmarks/compare.sh %s`" % " ".join(a.argv),
                 "- machine: %s, %d cores, %s GiB; %s" % (cpu_model(), self.nproc,
                                                         fmt(mem_total_gib(), "%.0f"), platform.platform()),
                 "- load average at start %s, at end %s" % (load0, loadavg()),
                 "- backprop4j JDK: %s; kernels: %s" % (self.jdk_version, self.kernel_choice),
                 "- threads for the training runs: %d%s" % (a.threads, " (runs pinned with taskset)" if self.pin() else ""),
                 "- skipped: %s" % skipped]
        if a.quick:
            lines.append("- **--quick**: few epochs and one round, to check the harness; not for conclusions")
        return "\n".join(lines)

    def jdk_info(self):
        self.jdk_version = "?"
        self.kernel_choice = "vector (-Dbackprop4j.kernels=vector)"
        java = os.environ.get("BP4J_JAVA")
        if java:
            try:
                out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()
                self.jdk_version = out[1].strip() if len(out) > 1 else out[0].strip()
            except (OSError, IndexError):
                pass


MLP_LAYERS = ("784-256", "256-128", "128-10")
WIDE_LAYER = "4096-4096"


def shape(batch, layer, product):
    i, o = (int(x) for x in layer.split("-"))
    return {"fwd": (batch, o, i), "dW": (o, i, batch), "dX": (batch, i, o)}[product]


def cfg_text(cfg):
    return "%s lr %g batch %d" % ("Adam" if cfg["optimizer"] == "adam" else "SGD", cfg["lr"], cfg["batch"])


def main():
    p = argparse.ArgumentParser(prog="compare.sh", description="backprop4j side-by-side benchmark")
    p.add_argument("--root", required=True)
    p.add_argument("--quick", action="store_true", help="2 epochs, 1 round, short JMH/OpenBLAS runs")
    p.add_argument("--epochs", type=int)
    p.add_argument("--rounds", type=int)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--skip", default="", help="comma list of: kernels, jmh, openblas, torch, sklearn, smile, dl4j")
    p.add_argument("--torch-threading", choices=["default", "passive"], default="default")
    p.add_argument("--bp4j-jvm-opts", default="-Xmx400m -XX:+UseParallelGC")
    p.add_argument("--infer-samples", type=int)
    p.add_argument("--infer-reps", type=int, default=3)
    p.add_argument("--kernel-passes", type=int, help="JMH passes, each followed by an OpenBLAS pass (default 2; 1 with --quick)")
    p.add_argument("--jmh", default=None, help="extra JMH options, e.g. \"-p threads=1\"")
    p.add_argument("--timeout", type=int, default=1800, help="seconds per run")
    p.add_argument("--results", default=None, help="folder for the results (default benchmarks/results)")
    p.add_argument("--argv", nargs=argparse.REMAINDER, default=[])
    a = p.parse_args()
    a.skip = [s.strip() for s in a.skip.split(",") if s.strip()]
    unknown = [s for s in a.skip if s not in PARTS and s not in ALIASES]
    if unknown:
        p.error("--skip: unknown part(s) %s; known: %s" % (", ".join(unknown), ", ".join(PARTS + list(ALIASES))))
    a.epochs = a.epochs if a.epochs is not None else (2 if a.quick else 5)
    a.rounds = a.rounds if a.rounds is not None else (1 if a.quick else 3)
    a.infer_samples = a.infer_samples if a.infer_samples is not None else (2000 if a.quick else 10000)
    a.kernel_passes = a.kernel_passes if a.kernel_passes is not None else (1 if a.quick else 2)
    for opt, val in (("--epochs", a.epochs), ("--rounds", a.rounds), ("--threads", a.threads),
                     ("--kernel-passes", a.kernel_passes)):
        if val < 1:
            p.error("%s must be >= 1, got %d" % (opt, val))
    if a.quick:
        a.jmh_args = ["-wi", "3", "-w", "1s", "-i", "3", "-r", "500ms", "-f", "1"]
        a.blas_args = [5, 20, 200]
    else:
        a.jmh_args = ["-wi", "8", "-w", "1s", "-i", "5", "-r", "1s", "-f", "1"]
        a.blas_args = [7, 25, 300]
    if a.jmh:   # the caller's JMH options replace the defaults they name (JMH refuses duplicates)
        extra = a.jmh.split()
        given = {t for t in extra if t.startswith("-")}
        kept = []
        for opt, val in zip(a.jmh_args[::2], a.jmh_args[1::2]):
            if opt not in given:
                kept += [opt, val]
        a.jmh_args = kept + extra

    h = Harness(a)
    h.jdk_info()
    started = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    load0 = loadavg()
    os.makedirs(h.results_dir, exist_ok=True)
    log("results: %s.md (logs in %s/)" % (h.stem, h.logs))
    for part, reason in sorted(h.skip.items()):
        log("skipping %s: %s" % (part, reason))
    h.kernels()
    h.epochs()
    h.targets()
    h.detail()
    doc = h.header(started, load0) + "\n\n" + "\n\n".join(h.sections) + "\n"
    with open(h.stem + ".md", "w") as f:
        f.write(doc)
    with open(h.stem + "-runs.json", "w") as f:
        json.dump([dict(name=r.name, rc=r.rc, wall_s=r.wall, peak_rss_mb=r.rss_mb, other_cores=r.other_cores,
                        cpu_probe=r.probe, results=r.results, log=r.log_path) for r in h.runs], f, indent=1)
    print(doc)
    log("written: %s.md" % h.stem)


if __name__ == "__main__":
    main()
