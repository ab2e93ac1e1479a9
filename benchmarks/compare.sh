#!/usr/bin/env bash
# backprop4j side by side with OpenBLAS, PyTorch, scikit-learn, Smile and Deeplearning4j.
#
#   benchmarks/compare.sh [--quick] [--epochs N] [--rounds N] [--threads N] [--kernel-passes N] [--skip a,b,...]
#                         [--torch-threading default|passive] [--bp4j-jvm-opts "..."] [--jmh "..."]
#                         [--infer-samples N] [--timeout S] [--results DIR] [--no-build] [--install]
#
# Builds what it needs, then runs (details in benchmarks/harness/compare.py and docs/benchmarks.md):
#   1. kernels: OpenBLAS sgemm, then N times (default 2) the JMH gemm benchmark
#      (org.backprop4j.bench.GemmJmh) followed by OpenBLAS again; a table of GFLOP/s (each side's best
#      pass) and backprop4j / OpenBLAS per shape, orientation and thread count (1, 2);
#   2. epochs: Fashion-MNIST 784-256-128-10 training, backprop4j alternating with each reference at
#      the same hyperparameters and thread count, several rounds; medians, ratios per pair of runs,
#      accuracy, batch-1 latency, batch-1024 throughput, peak resident memory.
# The markdown report goes to stdout and to benchmarks/results/compare-<date>.md (git-ignored), with
# the raw figures (-runs.json, -jmh.json, -jmh-2.json, ..., -jmh-wide.json) and every run's log beside it. Progress goes to stderr.
#
# Defaults: 5 epochs, 3 rounds, 2 threads, 2 kernel passes. --quick: 2 epochs, 1 round, 1 kernel
# pass, short kernel runs (a check that the harness works, minutes rather than tens of minutes; not
# for conclusions).
# --skip takes: kernels (= jmh,openblas), jmh, openblas, torch, sklearn, smile, dl4j.
# --no-build uses what an earlier run built. --install lets the script apt-get install what is missing
# (gcc, libopenblas-dev, python3-torch, python3-sklearn, dataset-fashion-mnist); without it a missing
# piece is skipped with the command that would install it.
#
# Needs: JDK 17+ (java on PATH or JAVA_HOME) and Maven for backprop4j; a JDK 25 for Smile 6
# (JAVA25_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64); /usr/bin/python3 with the Debian packages
# python3-torch and python3-sklearn; cc and libopenblas-dev; the Fashion-MNIST files
# (/usr/share/datasets/fashion-mnist or FASHION_MNIST_DIR). The Deeplearning4j reference downloads
# about 210 MB of jars from Maven Central the first time (ND4J's native binaries for linux-x86_64).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=1 install=0 skip="" args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) sed -n "2,/^set -euo/p" "$root/benchmarks/compare.sh" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --no-build) build=0 ;;
    --install) install=1 ;;
    --skip) skip="${2:-}"; args+=("$1" "${2:-}"); shift ;;
    --skip=*) skip="${1#--skip=}"; args+=("--skip" "$skip") ;;
    *) args+=("$1") ;;
  esac
  shift
done
skip="$(sed 's/pytorch/torch/g; s/scikit-learn/sklearn/g; s/deeplearning4j/dl4j/g' <<< "$skip")"
skipping() { [[ ",$skip," == *",$1,"* ]] || { [[ "$1" == jmh || "$1" == openblas ]] && [[ ",$skip," == *",kernels,"* ]]; }; }
note() { echo "compare.sh: $*" >&2; }
mark_skip() { export "SKIP_REASON_$1=$2"; note "skipping ${1,,}: $2"; }
apt_install() {   # apt_install PACKAGE... : installs when --install was given and we may
  if [[ $install == 1 ]] && command -v apt-get > /dev/null; then
    note "apt-get install -y $*"
    apt-get install -y "$@" >&2 || return 1
    return 0
  fi
  return 1
}
mvn_build() {     # offline first (everything already in ~/.m2), online when something is missing
  mvn -q -B -o "$@" > /dev/null 2>&1 || mvn -q -B "$@" >&2
}

target="$root/benchmarks/target"
mkdir -p "$target/reference"
export BP4J_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
export PYTHON=/usr/bin/python3
[[ -x $PYTHON ]] || PYTHON="$(command -v python3)"

# --- data
data="${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
if ! ls "$data"/train-images-idx3-ubyte* > /dev/null 2>&1; then
  apt_install dataset-fashion-mnist || { note "Fashion-MNIST not found in $data; apt-get install -y dataset-fashion-mnist (or --install), or set FASHION_MNIST_DIR"; exit 2; }
fi

# --- backprop4j: core + benchmarks in one reactor build (tests not compiled), nothing installed to ~/.m2
if [[ $build == 1 ]]; then
  note "building backprop4j (core, benchmarks)"
  mvn_build -Dmaven.test.skip=true -pl benchmarks -am package
fi
[[ -f "$target/classpath.txt" ]] || { note "$target/classpath.txt missing: run without --no-build"; exit 2; }
export BP4J_CP="$target/classes:$(cat "$target/classpath.txt")"

# --- OpenBLAS sgemm reference
if ! skipping openblas; then
  bin="$target/reference/sgemm_bench"
  if [[ $build == 1 || ! -x $bin ]]; then
    compile() { cc -O2 -o "$bin" "$root/benchmarks/reference/openblas/sgemm_bench.c" -lopenblas 2> "$target/reference/cc.log"; }
    compile || { apt_install gcc libopenblas-dev && compile; } || true
  fi
  if [[ -x $bin ]]; then export SGEMM_BIN="$bin"
  else mark_skip OPENBLAS "cc or libopenblas-dev missing (apt-get install -y gcc libopenblas-dev, or --install); see $target/reference/cc.log"; fi
fi

# --- Python references (Debian packages, system Python)
if ! skipping torch && ! "$PYTHON" -c 'import torch' 2> /dev/null; then
  apt_install python3-torch && "$PYTHON" -c 'import torch' 2> /dev/null ||
    mark_skip TORCH "PyTorch not importable by $PYTHON (apt-get install -y python3-torch, or --install)"
fi
if ! skipping sklearn && ! "$PYTHON" -c 'import sklearn' 2> /dev/null; then
  apt_install python3-sklearn && "$PYTHON" -c 'import sklearn' 2> /dev/null ||
    mark_skip SKLEARN "scikit-learn not importable by $PYTHON (apt-get install -y python3-sklearn, or --install)"
fi

# --- Smile 6.3 (needs JDK 25)
if ! skipping smile; then
  j25="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
  if [[ ! -x $j25/bin/java ]]; then
    mark_skip SMILE "Smile 6 needs a JDK 25: none at $j25 (set JAVA25_HOME)"
  else
    dir="$root/benchmarks/reference/smile"
    if [[ $build == 1 || ! -d $dir/target/lib ]]; then
      note "building the Smile reference (JDK 25)"
      JAVA_HOME="$j25" mvn_build -f "$dir/pom.xml" package || true
    fi
    if [[ -d $dir/target/classes/org ]]; then
      export SMILE_JAVA="$j25/bin/java" SMILE_CP="$dir/target/classes:$dir/target/lib/*"
    else mark_skip SMILE "the Smile reference did not build (mvn -f $dir/pom.xml package)"; fi
  fi
fi

# --- Deeplearning4j 1.0.0-M2.1 (separate pom: never part of the default build)
if ! skipping dl4j; then
  dir="$root/benchmarks/reference/dl4j"
  if [[ $build == 1 || ! -d $dir/target/lib ]]; then
    [[ -d $dir/target/lib ]] || note "building the Deeplearning4j reference (first time: ~210 MB from Maven Central)"
    mvn_build -f "$dir/pom.xml" -Djavacpp.platform=linux-x86_64 package || true
  fi
  if [[ -d $dir/target/classes/org ]]; then
    export DL4J_JAVA="$BP4J_JAVA" DL4J_CP="$dir/target/classes:$dir/target/lib/*"
  else mark_skip DL4J "the Deeplearning4j reference did not build (mvn -f $dir/pom.xml -Djavacpp.platform=linux-x86_64 package)"; fi
fi

exec "$PYTHON" "$root/benchmarks/harness/compare.py" --root "$root" "${args[@]}" --argv "${args[@]}"
