#!/usr/bin/env bash
# Validation cost bench: the same ingest of HER2 IHC Observations (../shared/tools/fhir-load, all valid against the
# lenient biomarker profile) against target/oncofhir.jar with OncoFHIR's write validation on and off, alternating,
# RUNS times each on a fresh H2 file. Prints each run, the medians of throughput and p50, and the on/off ratio.
# Usage: [JAVA_OPTS=...] src/bench/validation.sh [RUNS=3] [TOTAL=1000] [CONC=1] [PORT=8091]
set -euo pipefail
RUNS="${1:-3}"; TOTAL="${2:-1000}"; CONC="${3:-1}"; PORT="${4:-8091}"
source "$(dirname "$0")/common.sh"

for run in $(seq 1 "$RUNS"); do
  for mode in on off; do
    enabled=$([[ $mode == on ]] && echo true || echo false)
    start_server "$WORK/$mode$run" --oncofhir.validation.enabled="$enabled"
    fhirload seed patients=20 ids="$WORK/ids$mode$run" >/dev/null
    line=$(fhirload ingest ids="$WORK/ids$mode$run" total="$TOTAL" conc="$CONC" warmup=200 label="ingest_$mode" | grep '^RESULT ')
    rps=$(echo "$line" | field req_per_s); p50=$(echo "$line" | field p50_ms); errors=$(echo "$line" | field errors)
    echo "run $run validation $mode: $rps creates/s, p50 $p50 ms, errors $errors"
    echo "$rps" >>"$WORK/rps_$mode"; echo "$p50" >>"$WORK/p50_$mode"
    stop_server
  done
done
on=$(median <"$WORK/rps_on"); off=$(median <"$WORK/rps_off")
echo "median of $RUNS ($TOTAL creates, $CONC client(s), JAVA_OPTS='${JAVA_OPTS:-}'): validation on $on/s (p50 $(median <"$WORK/p50_on") ms) | off $off/s (p50 $(median <"$WORK/p50_off") ms) | create-time ratio on/off $(echo "scale=2; $off / $on" | bc)"
