#!/usr/bin/env bash
# Runs the "Is it a cat?" example (docs/examples.md) from a source checkout:
#   docs/examples/cat.sh [2|4 [float64|float32 [course|INIT_TOKEN [seed [iterations]]]]]
# e.g. `docs/examples/cat.sh 4 float64` (the course's four-layer model from the course's weights) or
# `docs/examples/cat.sh 4 float32 textbook 1` (the library's own initialisation, seed 1).
# Builds core and hdf5 quietly when their jar is missing or older than a source. The data folder is
# -Dbackprop4j.catvnoncat.dir (pass it in BP4J_JAVA_OPTS), $CATVNONCAT_DIR, or ../shared/data/catvnoncat.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/hdf5/target/backprop4j-hdf5-0.1.0-SNAPSHOT.jar"
cp_file="$root/hdf5/target/classpath.txt"
if [ ! -f "$jar" ] || [ ! -f "$cp_file" ] || [ -n "$(find "$root/core/src/main" "$root/hdf5/src/main" \
      "$root/pom.xml" "$root/core/pom.xml" "$root/hdf5/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "cat.sh: building core and hdf5 ..." >&2
  (cd "$root" && mvn -q -B -DskipTests -pl core,hdf5 -am install \
     && mvn -q -B -f hdf5/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
fi
cd "$root"   # so that the default data folder ../shared/data/catvnoncat is found
exec 3>&2
java -Djava.util.logging.SimpleFormatter.format="%4\$s: %5\$s%n" ${BP4J_JAVA_OPTS:-} --add-modules jdk.incubator.vector \
  -cp "$jar:$(cat "$cp_file")" org.backprop4j.hdf5.CatExample "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&3)
