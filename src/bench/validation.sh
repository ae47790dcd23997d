#!/usr/bin/env bash
# Validation cost bench: the same ingest of HER2 IHC Observations (../shared/tools/fhir-load, all valid against the
# lenient biomarker profile) against target/oncofhir.jar with OncoFHIR's write validation on and off, alternating,
# RUNS times each on a fresh H2 file. Prints each run and the medians of throughput and p50, and the on/off ratio.
# Usage: src/bench/validation.sh [RUNS=3] [TOTAL=1000] [CONC=1] [PORT=8091]   (build first: mvn -B -DskipTests package)
set -euo pipefail
RUNS="${1:-3}"; TOTAL="${2:-1000}"; CONC="${3:-1}"; PORT="${4:-8091}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LOAD="$ROOT/../shared/tools/fhir-load"
JAR="$ROOT/target/oncofhir.jar"
[[ -f "$JAR" ]] || { echo "no $JAR: run mvn -B -DskipTests package first" >&2; exit 2; }
WORK="$(mktemp -d)"; trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/cls"; javac -d "$WORK/cls" "$LOAD/FhirLoad.java"
median() { sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { grep -o "\"$1\":[0-9.]*" | head -1 | cut -d: -f2; }

for run in $(seq 1 "$RUNS"); do
  for mode in on off; do
    enabled=$([[ $mode == on ]] && echo true || echo false)
    dir="$WORK/$mode$run"; mkdir -p "$dir"; cd "$dir"
    java -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 --oncofhir.validation.enabled="$enabled" >server.log 2>&1 &
    PID=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$PORT/fhir/metadata"; do
      kill -0 "$PID" 2>/dev/null || { tail -20 server.log >&2; exit 1; }; sleep 0.2
    done
    java -cp "$WORK/cls" FhirLoad "http://127.0.0.1:$PORT/fhir" seed patients=20 ids="$dir/ids" >/dev/null
    line=$(java -cp "$WORK/cls" FhirLoad "http://127.0.0.1:$PORT/fhir" ingest ids="$dir/ids" total="$TOTAL" conc="$CONC" \
      warmup=200 label="ingest_$mode" | grep '^RESULT ')
    rps=$(echo "$line" | field req_per_s); p50=$(echo "$line" | field p50_ms); errors=$(echo "$line" | field errors)
    echo "run $run validation $mode: $rps creates/s, p50 $p50 ms, errors $errors"
    echo "$rps" >>"$WORK/rps_$mode"; echo "$p50" >>"$WORK/p50_$mode"
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  done
done
on=$(median <"$WORK/rps_on"); off=$(median <"$WORK/rps_off")
p50on=$(median <"$WORK/p50_on"); p50off=$(median <"$WORK/p50_off")
echo "median of $RUNS ($TOTAL creates, $CONC client(s)): validation on $on/s (p50 $p50on ms) | off $off/s (p50 $p50off ms) | create-time ratio on/off $(echo "scale=2; $off / $on" | bc)"
