#!/usr/bin/env bash
# Seconds per Fashion-MNIST training epoch (784-256-128-10, ReLU/softmax, mini-batch SGD).
#
#   benchmarks/epoch.sh [epochs [batches [threads]]]      defaults: 3  64,128  1,2
#
# Environment:
#   KERNELS=scalar|vector|auto   kernels to use (default auto: vector when the module is readable)
#   JAVA=/path/to/java           the JVM to measure (default: java on PATH); e.g. a JDK 25 for comparison
#   SKIP_BUILD=1                 use the jars already built
#   FASHION_MNIST_DIR=dir        where the data is (default /usr/share/datasets/fashion-mnist)
#   JAVA_OPTS="..."              extra JVM flags (default -Xmx2g)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q -DskipTests -pl core,benchmarks -am install
fi

version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
cp="benchmarks/target/backprop4j-benchmarks-${version}.jar:core/target/backprop4j-core-${version}.jar"
for jar in ${cp//:/ }; do
  [[ -f "$jar" ]] || { echo "epoch.sh: $jar is missing; build without SKIP_BUILD=1" >&2; exit 1; }
done

exec "${JAVA:-java}" ${JAVA_OPTS:--Xmx2g} --add-modules jdk.incubator.vector \
  -Dbackprop4j.kernels="${KERNELS:-auto}" \
  -cp "$cp" org.backprop4j.bench.EpochBench "$@"
