#!/usr/bin/env bash
# Start-up and memory bench: starts target/oncofhir.jar RUNS times on a fresh H2 file, measures the time from
# launch to the first 200 from /fhir/metadata and the resident memory after start; on each run it then ingests
# 1,000 HER2 IHC Observations (1 client) with ../shared/tools/fhir-load and measures RSS again. Prints medians.
# Usage: src/bench/startup.sh [RUNS=3] [PORT=8090]     (build first: mvn -B -DskipTests package)
set -euo pipefail
RUNS="${1:-3}"; PORT="${2:-8090}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LOAD="$ROOT/../shared/tools/fhir-load"
JAR="$ROOT/target/oncofhir.jar"
[[ -f "$JAR" ]] || { echo "no $JAR: run mvn -B -DskipTests package first" >&2; exit 2; }
WORK="$(mktemp -d)"; trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/cls"; javac -d "$WORK/cls" "$LOAD/FhirLoad.java"
rss_mib() { awk '/^VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
median() { sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for run in $(seq 1 "$RUNS"); do
  mkdir -p "$WORK/run$run"; cd "$WORK/run$run"
  start=$(date +%s.%N)
  java -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 >server.log 2>&1 &
  PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/fhir/metadata"; do
    kill -0 "$PID" 2>/dev/null || { echo "server died, see $WORK/run$run/server.log" >&2; tail -20 server.log >&2; exit 1; }
    sleep 0.1
  done
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  rss_start=$(rss_mib "$PID")
  java -cp "$WORK/cls" FhirLoad "http://127.0.0.1:$PORT/fhir" seed patients=10 ids="$WORK/ids$run" >/dev/null
  java -cp "$WORK/cls" FhirLoad "http://127.0.0.1:$PORT/fhir" ingest ids="$WORK/ids$run" total=1000 conc=1 warmup=0 \
    label=ingest1000 | grep '^RESULT' >"$WORK/ingest$run.json"
  rss_after=$(rss_mib "$PID")
  echo "run $run: first /fhir/metadata 200 after ${secs}s, RSS ${rss_start} MiB after start, ${rss_after} MiB after 1000 creates"
  echo "$secs" >>"$WORK/secs"; echo "$rss_start" >>"$WORK/rss_start"; echo "$rss_after" >>"$WORK/rss_after"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
done
echo "median of $RUNS: start $(median <"$WORK/secs") s | RSS after start $(median <"$WORK/rss_start") MiB | RSS after 1000 creates $(median <"$WORK/rss_after") MiB"
