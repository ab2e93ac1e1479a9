#!/usr/bin/env bash
# Float32 gemm of backprop4j against OpenBLAS sgemm over batch sizes and layer widths: the three
# products of a dense layer (forward A·Bᵀ, weight gradient Aᵀ·B, input gradient A·B) for the layers
# 784-256, 256-128, 128-10, 1024-1024 and 4096-4096 at batches 1 to 512, in the same invocation.
#
#   benchmarks/gemm-sweep.sh [--threads 1,2] [--passes N] [--batches LIST] [--layers LIST] [--no-build]
#
# For each thread count: OpenBLAS, then N times (default 2) backprop4j followed by OpenBLAS, so every
# backprop4j pass lies between two OpenBLAS passes. Each side's figure for a shape is its best pass (a
# pass's figure: the median of 7 repetitions of about 25 ms after a 300 ms warm-up), the rule of
# compare.sh's kernel table. Prints Markdown tables of the ratios (benchmarks/harness/sweep_table.py)
# and keeps them, with every pass's raw lines, in benchmarks/results/sweep-DATE/ (git-ignored). About
# 4 minutes per side and pass for the default shapes on this 2-core machine; run it on an idle one.
# Batches: comma list (default 1,2,4,8,16,32,64,128,256,512); layers: comma list of in-out.
#
# Needs a JDK 17+ and Maven (the benchmarks module is built, tests skipped, unless --no-build), cc
# and libopenblas-dev (apt-get install -y gcc libopenblas-dev), python3. Set JAVA_HOME to pick the JDK.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

threads="1,2" passes=2 batches="" layers="" build=1
usage() { sed -n "2,/^set -euo/p" "$root/benchmarks/gemm-sweep.sh" | sed '$d; s/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --threads) threads="${2:?--threads needs a comma list, e.g. 1,2}"; shift ;;
    --passes) passes="${2:?--passes needs a number}"; shift ;;
    --batches) batches="${2:?--batches needs a comma list}"; shift ;;
    --layers) layers="${2:?--layers needs a comma list of in-out}"; shift ;;
    --no-build) build=0 ;;
    *) echo "gemm-sweep.sh: unknown argument \"$1\" (--help lists the options)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$passes" =~ ^[1-9][0-9]*$ ]] || { echo "gemm-sweep.sh: --passes \"$passes\": expected a whole number >= 1" >&2; exit 2; }
[[ "$threads" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "gemm-sweep.sh: --threads \"$threads\": expected a comma list of whole numbers >= 1, e.g. 1,2" >&2; exit 2; }

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ $build == 1 ]]; then
  mvn -q -B -N -DskipTests install >&2
  mvn -q -B -DskipTests -f core/pom.xml install >&2
  mvn -q -B -DskipTests -f benchmarks/pom.xml package >&2
fi
mkdir -p benchmarks/target/reference
bin=benchmarks/target/reference/sgemm_bench
if [[ ! -x "$bin" || benchmarks/reference/openblas/sgemm_bench.c -nt "$bin" ]]; then
  cc -O2 -o "$bin" benchmarks/reference/openblas/sgemm_bench.c -lopenblas ||
    { echo "gemm-sweep.sh: cannot build the OpenBLAS reference (apt-get install -y gcc libopenblas-dev)" >&2; exit 2; }
fi

out="benchmarks/results/sweep-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
shape_args=()
[[ -n "$batches" || -n "$layers" ]] && shape_args=("${batches:-1,2,4,8,16,32,64,128,256,512}")
[[ -n "$layers" ]] && shape_args+=("$layers")
bp4j_files=() openblas_files=()
openblas() {   # openblas THREADS PASS
  local f="$out/openblas-$1t-$2.txt"
  echo "gemm-sweep.sh: OpenBLAS, $1 thread(s), pass $2" >&2
  OPENBLAS_NUM_THREADS="$1" "$bin" "$1" 7 25 300 sweep "${shape_args[@]}" > "$f" ||
    { echo "gemm-sweep.sh: the OpenBLAS pass failed (exit $?)" >&2; rm -f "$f"; rmdir "$out" 2> /dev/null; exit 1; }
  openblas_files+=("$f")
}
bp4j() {   # bp4j THREADS PASS
  local f="$out/backprop4j-$1t-$2.txt"
  echo "gemm-sweep.sh: backprop4j, $1 thread(s), pass $2" >&2
  "$java" --add-modules jdk.incubator.vector -cp "core/target/classes:benchmarks/target/classes" \
    org.backprop4j.bench.GemmSweep "$1" 7 25 300 "${shape_args[@]}" 2> "$out/backprop4j-$1t-$2.log" > "$f" ||
    { echo "gemm-sweep.sh: the backprop4j pass failed (exit $?); its messages: $out/backprop4j-$1t-$2.log" >&2; rm -f "$f"; exit 1; }
  bp4j_files+=("$f")
}
for t in ${threads//,/ }; do
  openblas "$t" 0
  for ((p = 1; p <= passes; p++)); do
    bp4j "$t" "$p"
    openblas "$t" "$p"
  done
done

{
  echo "# gemm sweep, $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "- machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) CPUs"
  echo "- backprop4j: $(head -n 1 "${bp4j_files[0]}" | sed 's/^# //')"
  echo "- OpenBLAS: $(head -n 1 "${openblas_files[0]}" | sed 's/^# //; s/ |.*//')"
  echo "- passes: OpenBLAS, then $passes × (backprop4j, OpenBLAS) per thread count; each side's best pass"
  echo
  python3 benchmarks/harness/sweep_table.py --bp4j "${bp4j_files[@]}" --openblas "${openblas_files[@]}"
} | tee "$out/sweep.md"
echo "gemm-sweep.sh: tables and raw lines in $out" >&2
