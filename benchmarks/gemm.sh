#!/usr/bin/env bash
# Float32 gemm throughput of the scalar and Vector API kernels on the 784-256-128-10 network's
# products (forward X·Wᵀ, weight gradient Δᵀ·X, input gradient Δ·W) at batch 64 and 128, 1 and 2 threads.
#
#   benchmarks/gemm.sh [warmupMillis [repetitions]]
#
# Installs the parent pom and core into the local Maven repository (tests skipped), builds the
# benchmarks module on its own (so that a sibling module being edited cannot break the build), then
# runs org.backprop4j.bench.GemmBench with the Vector API module. Set JAVA_HOME to pick the JDK (17 or
# later). Expect "WARNING: Using incubator modules" on stderr. Results are noisy on a busy machine: run
# it on an otherwise idle one (two-thread numbers above all).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mvn -q -B -N -DskipTests install >&2
mvn -q -B -DskipTests -f core/pom.xml install >&2
mvn -q -B -DskipTests -f benchmarks/pom.xml package >&2
exec "$java" --add-modules jdk.incubator.vector \
    -cp "core/target/classes:benchmarks/target/classes" \
    org.backprop4j.bench.GemmBench "$@"
