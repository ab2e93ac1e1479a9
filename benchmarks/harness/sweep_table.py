#!/usr/bin/env python3
"""Tables for benchmarks/gemm-sweep.sh: backprop4j's gemm (org.backprop4j.bench.GemmSweep) against
OpenBLAS sgemm (benchmarks/reference/openblas/sgemm_bench.c with `sweep`) over batch sizes and layer
widths, from the RESULT lines of their passes.

    sweep_table.py --bp4j PASS... --openblas PASS...

Each PASS is a file of RESULT lines. A side's figure for a shape is its best pass (a pass's figure:
the median of its repetitions), the rule of compare.sh's kernel table. Prints Markdown: per thread
count, the ratio backprop4j / OpenBLAS by layer, product and batch, then every shape with both
figures; the exit status is 1 when a shape has figures on one side only, 2 when a file cannot be
read or holds no RESULT line.
"""
import argparse
import re
import sys

RESULT = re.compile(r"^RESULT threads=(\d+) batch=(\d+) layer=(\d+-\d+) product=(\w+) m=(\d+) n=(\d+) k=(\d+)"
                    r" gflops=([0-9.]+) best=([0-9.]+)")
PRODUCTS = {"fwd": "fwd A·Bᵀ", "dW": "dW Aᵀ·B", "dX": "dX A·B"}


class PassError(Exception):
    """A pass file that cannot be read or holds no RESULT line."""


def read_passes(paths):
    """{(threads, layer, batch, product): ([pass medians], (m, n, k))} over the given files."""
    figures = {}
    for path in paths:
        found = 0
        try:
            with open(path) as f:
                for line in f:
                    match = RESULT.match(line.strip())
                    if not match:
                        continue
                    found += 1
                    threads, batch, layer, product, m, n, k, gflops, _best = match.groups()
                    key = (int(threads), layer, int(batch), product)
                    entry = figures.setdefault(key, ([], (int(m), int(n), int(k))))
                    entry[0].append(float(gflops))
        except OSError as e:
            raise PassError("cannot read %s: %s" % (path, e.strerror or e))
        if found == 0:
            raise PassError("%s holds no RESULT line (did that pass fail?)" % path)
    return figures


def layer_order(layer):
    a, b = layer.split("-")
    return (-int(a) * int(b), layer)


def tables(bp4j, openblas):
    """The Markdown text, and the shapes measured on one side only."""
    keys = set(bp4j) | set(openblas)
    one_sided = sorted(k for k in keys if k not in bp4j or k not in openblas)
    both = sorted((k for k in keys if k in bp4j and k in openblas),
                  key=lambda k: (k[0], layer_order(k[1]), list(PRODUCTS).index(k[3]) if k[3] in PRODUCTS else 9, k[2]))
    out = []
    for threads in sorted({k[0] for k in both}):
        rows = [k for k in both if k[0] == threads]
        batches = sorted({k[2] for k in rows})
        out.append("### %d thread%s: backprop4j ÷ OpenBLAS (GFLOP/s, best pass each)" % (threads, "" if threads == 1 else "s"))
        out.append("")
        out.append("| layer | product | " + " | ".join("b%d" % b for b in batches) + " |")
        out.append("|---|---|" + "---:|" * len(batches))
        seen = []
        for k in rows:
            if (k[1], k[3]) not in seen:
                seen.append((k[1], k[3]))
        ratios = []
        for layer, product in seen:
            cells = []
            for b in batches:
                key = (threads, layer, b, product)
                if key in bp4j and key in openblas:
                    ratio = max(bp4j[key][0]) / max(openblas[key][0])
                    ratios.append(ratio)
                    cells.append("%.2f" % ratio)
                else:
                    cells.append("–")
            out.append("| %s | %s | %s |" % (layer, PRODUCTS.get(product, product), " | ".join(cells)))
        out.append("")
        out.append("%d shapes: %d at 0.9 × OpenBLAS or more, %d from 0.8 to 0.9, %d from 0.5 to 0.8, %d below 0.5."
                   % (len(ratios), sum(r >= 0.9 for r in ratios), sum(0.8 <= r < 0.9 for r in ratios),
                      sum(0.5 <= r < 0.8 for r in ratios), sum(r < 0.5 for r in ratios)))
        out.append("")
    out.append("### Every shape")
    out.append("")
    out.append("| threads | layer | product | batch | m × n × k | GFLOP/s backprop4j | GFLOP/s OpenBLAS | ratio |"
               " backprop4j per pass | OpenBLAS per pass |")
    out.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for k in both:
        b, o = bp4j[k][0], openblas[k][0]
        m, n, kk = bp4j[k][1]
        out.append("| %d | %s | %s | %d | %d×%d×%d | %.1f | %.1f | %.2f | %s | %s |"
                   % (k[0], k[1], PRODUCTS.get(k[3], k[3]), k[2], m, n, kk, max(b), max(o), max(b) / max(o),
                      " / ".join("%.1f" % x for x in b), " / ".join("%.1f" % x for x in o)))
    return "\n".join(out) + "\n", one_sided


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bp4j", nargs="+", required=True, help="files of GemmSweep's RESULT lines, one per pass")
    p.add_argument("--openblas", nargs="+", required=True, help="files of sgemm_bench's RESULT lines, one per pass")
    a = p.parse_args(argv)
    try:
        bp4j, openblas = read_passes(a.bp4j), read_passes(a.openblas)
    except PassError as e:
        print("sweep_table.py: %s" % e, file=sys.stderr)
        return 2
    text, one_sided = tables(bp4j, openblas)
    sys.stdout.write(text)
    for k in one_sided:
        print("sweep_table.py: threads %d, layer %s, batch %d, %s: measured on one side only" % k, file=sys.stderr)
    return 1 if one_sided else 0


if __name__ == "__main__":
    sys.exit(main())
