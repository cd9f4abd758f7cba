#!/usr/bin/env bash
# Spark benchmark of plugsql functions (docs/SPARK.md, "Performance"): SUM(score(a, b)) against
# SUM(a * b + 7) on Spark local[2], and the time to the first result of a new function.
#   spark-functions/bench.sh                 # 20M rows, 5 repetitions
#   ROWS=2000000 REPS=3 spark-functions/bench.sh
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java spark-functions/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl spark-functions -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="spark-functions/target/test-classes:spark-functions/target/classes:$(cat spark-functions/target/bench.classpath)"
flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' spark-functions/pom.xml)
extra=""
if "${JAVA:-java}" -version 2>&1 | grep -qE 'version "(2[4-9]|[3-9][0-9])'; then
    extra="--sun-misc-unsafe-memory-access=allow"
fi
exec "${JAVA:-java}" --add-opens=java.base/java.nio=ALL-UNNAMED $flags $extra -Xmx2g \
    -Dlog4j2.configurationFile=spark-functions/src/test/resources/log4j2.properties \
    -cp "$cp" io.plugsql.spark.bench.SparkScoreBenchmark
