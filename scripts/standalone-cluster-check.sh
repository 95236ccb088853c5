#!/usr/bin/env bash
# Checks the packaged jars on a real Spark standalone cluster started on this machine, against a local run:
#
#   1. a Spark "distribution" of Spark 4.1.1 alone: the jars of spark-core_2.13 and its dependencies as the cli
#      resolves them (no landscape4j, DL4J, ND4J or Arrow), linked into WORK/spark-home/jars;
#   2. a Master and a Worker JVM from it (free loopback ports), the worker launching executor JVMs of its own;
#   3. a run directory from the example, sliced locally with ./landscape4j: a 5x5 plane with its |λmin/λmax| map
#      (--eigen), and the same 4x4 plane around snapshots 0, 2, 4 (--snapshots 0:5:2, with --eigen);
#   4. the same commands on the cluster, from the command line (--spark spark://..., the executors getting
#      landscape4j from spark-app/target/landscape4j-spark-app.jar through spark.jars), and the single plane through
#      spark-submit's own class (org.apache.spark.deploy.SparkSubmit) with the spark-app jar;
#   5. every result compared with the local one, point by point, bit for bit (scripts/CompareResults.java).
#
# Build first: mvn -B -DskipTests package (the cli, spark-app and examples jars). Needs java and mvn (offline is
# fine: it reads the dependency tree). Usage: scripts/standalone-cluster-check.sh [WORK_DIR]
# (default target/standalone-check). Exit code 0 if everything matched; logs stay in WORK_DIR/logs and the
# executors' output in WORK_DIR/work/app-*/. The processes it starts are killed on exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mkdir -p "${1:-$here/target/standalone-check}" && cd "${1:-$here/target/standalone-check}" && pwd)
cli="$here/cli/target/landscape4j-cli.jar"
app="$here/spark-app/target/landscape4j-spark-app.jar"
examples="$here/examples/target/landscape4j-examples.jar"
for jar in "$cli" "$app" "$examples"; do
  [ -f "$jar" ] || { echo "missing $jar: build with mvn -B -DskipTests package" >&2; exit 2; }
done
export LANDSCAPE4J_QUIET=1
. "$here/scripts/blas-env.sh"            # the driver's settings, passed on to the executors
java_bin=java
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_bin="$JAVA_HOME/bin/java"; fi
java_home=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
rm -rf "$work/spark-home" "$work/logs" "$work/work" "$work/out" "$work/run-"*
mkdir -p "$work/spark-home/jars" "$work/logs" "$work/work" "$work/out"

# 1. Spark's own jars: the subtree of spark-core_2.13 in the cli's dependency tree, taken from cli/target/lib
(cd "$here" && mvn -B -q -o -pl cli dependency:tree -Dverbose -DoutputFile="$work/logs/cli-tree.txt" >/dev/null)
awk '
  /^[+\\]- / { inside = ($0 ~ /^[+\\]- org\.apache\.spark:spark-core_2\.13:/) }
  inside && match($0, /[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:jar:[^ )]+/) {
    n = split(substr($0, RSTART, RLENGTH), p, ":")
    a = p[2]; if (n == 6) { c = "-" p[4]; v = p[5] } else { c = ""; v = p[4] }
    if (match($0, /omitted for conflict with [^ )]+/)) { v = substr($0, RSTART + 26, RLENGTH - 26) }
    print a "-" v c ".jar"
  }' "$work/logs/cli-tree.txt" | sort -u > "$work/logs/spark-jars.txt"
count=0
while read -r name; do
  if [ -f "$here/cli/target/lib/$name" ]; then ln -s "$here/cli/target/lib/$name" "$work/spark-home/jars/$name"; count=$((count + 1)); fi
done < "$work/logs/spark-jars.txt"
for j in "$here"/cli/target/lib/slf4j-*.jar; do ln -sf "$j" "$work/spark-home/jars/"; done   # Spark's logging API
echo "spark-home   $count jars of spark-core_2.13 and its dependencies (+ SLF4J) in $work/spark-home/jars"
if ls "$work/spark-home/jars" | grep -qiE '^(landscape4j|nd4j|deeplearning4j|arrow-)'; then
  echo "the Spark distribution holds landscape4j, DL4J, ND4J or Arrow jars: the check would prove nothing" >&2; exit 2
fi

# 2. a master and a worker on free loopback ports; everything they start is killed on exit
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do kill -9 "$child" 2>/dev/null || true; done
    kill -9 "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT
spark_env=(env SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 JAVA_HOME="$java_home")
start() {  # name main-class args...
  local name=$1; shift
  "${spark_env[@]}" "$java_bin" -Xmx256m -XX:+IgnoreUnrecognizedVMOptions $opens -cp "$work/spark-home/jars/*" "$@" \
    > "$work/logs/$name.log" 2>&1 < /dev/null &
  pids+=($!)
}
await() {  # name text
  for _ in $(seq 600); do
    grep -q "$2" "$work/logs/$1.log" 2>/dev/null && return
    sleep 0.1
  done
  echo "the Spark $1 did not log \"$2\" within 60 s; see $work/logs/$1.log" >&2; exit 1
}
mport=$(free_port)
master="spark://127.0.0.1:$mport"
start master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$mport" --webui-port "$(free_port)"
await master "I have been elected leader"
start worker org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port "$(free_port)" --webui-port "$(free_port)" \
  --cores 2 --memory 2g --work-dir "$work/work" "$master"
await worker "Successfully registered with master"
echo "cluster      $master: a master and a worker (2 cores), executors in their own JVMs"

# 3. a run and the local results
"$java_bin" -jar "$examples" --out "$work/run" --epochs 4 > "$work/logs/example.log" 2>&1
for r in local cli; do cp -r "$work/run" "$work/run-$r"; rm -rf "$work/run-$r/results"; done
l4j() { "$here/landscape4j" "$@"; }
l4j surface "$work/run-local" --grid 5 --eigen --out "$work/out/local.arrows" > "$work/logs/local.log" 2>&1
l4j surface "$work/run-local" --grid 4 --eigen --snapshots 0:5:2 >> "$work/logs/local.log" 2>&1
echo "local        ./landscape4j surface: a 5x5 plane + eigenvalue map, and 3 snapshots' 4x4 planes + maps"

# 4. the same on the cluster: from the command line, and through spark-submit
on_cluster=(--spark "$master" --spark-conf "spark.jars=$app" --spark-conf spark.driver.host=127.0.0.1
  --spark-conf spark.driver.bindAddress=127.0.0.1 --spark-conf spark.executor.cores=2)
started=$(date +%s)
l4j surface "$work/run-cli" --grid 5 --eigen --out "$work/out/cli.arrows" "${on_cluster[@]}" > "$work/logs/cli.log" 2>&1
l4j surface "$work/run-cli" --grid 4 --eigen --snapshots 0:5:2 "${on_cluster[@]}" >> "$work/logs/cli.log" 2>&1
echo "cli          ./landscape4j surface ... --spark $master: $(( $(date +%s) - started )) s"
started=$(date +%s)
"${spark_env[@]}" "$java_bin" $opens -cp "$work/spark-home/jars/*" org.apache.spark.deploy.SparkSubmit --master "$master" \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
  --class org.landscape4j.cli.Landscape4jCommand "$app" \
  surface "$work/run" --grid 5 --eigen --out "$work/out/submit.arrows" > "$work/logs/submit.log" 2>&1
echo "submit       SparkSubmit --master $master ... landscape4j-spark-app.jar surface: $(( $(date +%s) - started )) s"

# 5. bit for bit
status=0
compare() { "$java_bin" -XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.nio=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$cli:$here/cli/target/lib/*" "$here/scripts/CompareResults.java" "$1" "$2" 2>/dev/null || status=1; }
for x in cli submit; do
  compare "$work/out/local.arrows" "$work/out/$x.arrows"
  compare "$work/out/local.eigen.arrows" "$work/out/$x.eigen.arrows"
done
for f in "$work"/run-local/results/*.arrows; do
  case "$f" in *.directions.arrows) continue ;; esac
  compare "$f" "$work/run-cli/results/$(basename "$f")"
done
executors=$(ls -d "$work"/work/app-*/* 2>/dev/null | wc -l)
echo "executors    $executors executor JVM(s) ran (their output: $work/work/app-*/)"
if [ $status -eq 0 ]; then echo "RESULT       every cluster result is the local one, bit for bit"; else echo "RESULT       DIFFERENCES (see above)"; fi
exit $status
