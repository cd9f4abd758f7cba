#!/usr/bin/env bash
# Runs every benchmark and writes benchmarks/RESULTS.md and benchmarks/results.png.
#   benchmarks/run.sh            full run (10M rows end to end; about 20 minutes on 2 cores)
#   ROWS=1000000 REPS=3 benchmarks/run.sh                          a quicker run
# Knobs (environment): ROWS, REPS (end to end), JMH_ARGS, COLD_REPS, CLIENTS (point-query client
# counts, comma-separated), LATENCY_SECONDS (measured seconds per point-query cell), GRAAL=0 to skip
# the Graal-JIT pass (JDK 25+ only: the JVMCI compiler jars are fetched with `mvn dependency:copy`).
# It builds the project first. PostgreSQL is measured when its server binaries are installed
# (apt-get install postgresql); a private cluster is started on 127.0.0.1 and removed afterwards.
# Node's V8 runs the same .wasm kernels when `node` is on the PATH.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
rows="${ROWS:-10000000}"
reps="${REPS:-5}"
jmh_args="${JMH_ARGS:--f 1 -wi 2 -w 1s -i 3 -r 1s}"
cold_reps="${COLD_REPS:-10}"
clients="${CLIENTS:-1,8,32}"
graal="${GRAAL:-1}"
graal_version=25.0.2
latency_seconds="${LATENCY_SECONDS:-4}"
work="$here/work"
rm -rf "$work" && mkdir -p "$work"

(cd "$root" && mvn -B -q package -DskipTests)

# The default JDK and the newest one installed, each measured when present.
default_java="$(command -v java)"
newest_jdk="$(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V | tail -n 1)"
jdks=("$default_java")
if [ -n "$newest_jdk" ] && [ -x "${newest_jdk}bin/java" ] \
    && [ "$(readlink -f "${newest_jdk}bin/java")" != "$(readlink -f "$default_java")" ]; then
  jdks+=("${newest_jdk}bin/java")
fi

jvm_flags() {
  local java="$1" feature
  feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')"
  printf -- '--add-opens=java.base/java.nio=ALL-UNNAMED -Xss4m -Xmx8g -Djava.awt.headless=true'
  if [ "${feature%%.*}" -ge 24 ]; then printf -- ' --sun-misc-unsafe-memory-access=allow'; fi
}
jdk_label() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = /JDK /p'; }

cp="$here/target/classes:$here/target/lib/*"
pg_url=""
pg_dir=""
cleanup() { if [ -n "$pg_dir" ]; then runuser -u postgres -- pg_ctl -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; fi; }
trap cleanup EXIT
if command -v initdb >/dev/null 2>&1 && id postgres >/dev/null 2>&1; then
  pg_dir="$(mktemp -d /tmp/plugsql-bench-pg.XXXXXX)" && chown postgres "$pg_dir"
  runuser -u postgres -- initdb -D "$pg_dir/data" -A trust -U bench >/dev/null
  runuser -u postgres -- pg_ctl -D "$pg_dir/data" -o "-c listen_addresses=127.0.0.1 -p 54329 -k $pg_dir" -w start >/dev/null
  runuser -u postgres -- createdb -h 127.0.0.1 -p 54329 -U bench bench
  pg_url="jdbc:postgresql://127.0.0.1:54329/bench?user=bench"
else
  echo "PostgreSQL server not installed: skipping the PL/pgSQL contender (apt-get install postgresql)" \
    > "$work/notes.md"
fi

report_args=()
for java in "${jdks[@]}"; do
  label="$(jdk_label "$java")"
  tag="$(echo "$label" | tr -c 'A-Za-z0-9.\n' '_')"
  flags="$(jvm_flags "$java")"
  # shellcheck disable=SC2086
  "$java" -Djmh.ignoreLock=true $flags -cp "$cp" org.openjdk.jmh.Main $jmh_args -tu ns -bm avgt \
      -jvmArgs "$flags" -rf json -rff "$work/jmh-$tag.json"
  report_args+=(--jmh "$label=$work/jmh-$tag.json")
done

# The fastest configuration found: the newest JDK with Graal as its JIT (JVMCI), batch paths only;
# Graal compiles itself first, hence the longer warm-up.
newest_java="${jdks[-1]}"
newest_feature="$("$newest_java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')"
if [ "$graal" = 1 ] && [ "${newest_feature%%.*}" -ge 25 ]; then
  graal_dir="$here/target/graal"
  mkdir -p "$graal_dir"
  graal_ok=1
  for artifact in org.graalvm.compiler:compiler org.graalvm.sdk:word org.graalvm.sdk:collections \
      org.graalvm.sdk:nativeimage org.graalvm.truffle:truffle-compiler; do
    [ -f "$graal_dir/${artifact#*:}-$graal_version.jar" ] && continue
    (cd "$root" && mvn -B -q -N dependency:copy -Dartifact="$artifact:$graal_version:jar" \
        -DoutputDirectory="$graal_dir") || graal_ok=0
  done
  if [ "$graal_ok" = 1 ]; then
    module_path="$(ls "$graal_dir"/*.jar | paste -sd: -)"
    gflags="$(jvm_flags "$newest_java") -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI -XX:+UseJVMCICompiler --upgrade-module-path=$module_path"
    label="$(jdk_label "$newest_java") + Graal JIT"
    # shellcheck disable=SC2086
    "$newest_java" -Djmh.ignoreLock=true $gflags -cp "$cp" org.openjdk.jmh.Main \
        '(MulAdd|Haversine|Upper)Benchmark\.(plainJava|wasmBatch)$' ${GRAAL_JMH_ARGS:--f 1 -wi 6 -w 2s -i 3 -r 1s} \
        -tu ns -bm avgt -jvmArgs "$gflags" -rf json -rff "$work/jmh-graal.json"
    report_args+=(--jmh "$label=$work/jmh-graal.json")
  else
    echo "Graal compiler $graal_version not resolvable: the Graal-JIT pass was skipped" >> "$work/notes.md"
  fi
fi

# The same .wasm batch exports in V8: the ceiling for Wasm execution.
e2e_java="${jdks[-1]}"
if command -v node >/dev/null 2>&1; then
  # shellcheck disable=SC2086
  "$e2e_java" $(jvm_flags "$e2e_java") -cp "$cp" io.plugsql.bench.engine.Kernels "$work/wasm"
  node "$here/node/wasm-ceiling.mjs" "$work/wasm" 1048576 "$work/node.tsv"
  report_args+=(--node "$work/node.tsv")
else
  echo "node not found: the V8 ceiling was not measured" >> "$work/notes.md"
fi

# Cold start and point-query latency on the newest JDK.
# shellcheck disable=SC2086
"$e2e_java" $(jvm_flags "$e2e_java") -cp "$cp" io.plugsql.bench.coldstart.ColdStartBenchmark \
    --reps "$cold_reps" --out "$work/coldstart.md"
# shellcheck disable=SC2086
"$e2e_java" $(jvm_flags "$e2e_java") -cp "$cp" io.plugsql.bench.server.ServerBenchmark \
    --clients "$clients" --warmup 1 --seconds "$latency_seconds" --out "$work/server.md"
report_args+=(--section "$work/coldstart.md" --section "$work/server.md")

# End to end on the newest JDK only: the peers' figures do not depend on which JDK runs the client.
e2e_label="$(jdk_label "$e2e_java")"
# shellcheck disable=SC2086
"$e2e_java" $(jvm_flags "$e2e_java") -cp "$cp" io.plugsql.bench.e2e.EndToEndBenchmark \
    --rows "$rows" --reps "$reps" --out "$work/e2e.tsv" ${pg_url:+--postgres-url "$pg_url"}
report_args+=(--e2e "$e2e_label=$work/e2e.tsv")
[ -f "$work/notes.md" ] && report_args+=(--notes "$work/notes.md")

machine="$(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(free -g | awk '/^Mem:/ {print $2}') GiB"
# shellcheck disable=SC2086
"$e2e_java" $(jvm_flags "$e2e_java") -cp "$cp" io.plugsql.bench.report.ResultsReport \
    --machine "$machine" --settings "end to end ROWS=$rows REPS=$reps; JMH $jmh_args; cold-start repeats $cold_reps; point-query clients $clients, ${latency_seconds} s per cell" \
    "${report_args[@]}" --out "$here/RESULTS.md" --chart "$here/results.png"
echo "wrote $here/RESULTS.md and $here/results.png"
