#!/usr/bin/env bash
# Start-up and memory bench: starts target/oncofhir.jar RUNS times on a fresh H2 file, measures the time from
# launch to the first 200 from /fhir/metadata and the resident memory after start; on each run it then ingests
# 1,000 HER2 IHC Observations (1 client) with ../shared/tools/fhir-load and measures RSS again. Prints medians.
# Usage: [JAVA_OPTS=...] src/bench/startup.sh [RUNS=3] [PORT=8090]     (build first: mvn -B -DskipTests package)
set -euo pipefail
RUNS="${1:-3}"; PORT="${2:-8090}"
source "$(dirname "$0")/common.sh"

for run in $(seq 1 "$RUNS"); do
  start_server "$WORK/run$run"
  rss_start=$(rss_mib "$PID")
  fhirload seed patients=10 ids="$WORK/ids$run" >/dev/null
  fhirload ingest ids="$WORK/ids$run" total=1000 conc=1 warmup=0 label=ingest1000 >/dev/null
  rss_after=$(rss_mib "$PID")
  echo "run $run: first /fhir/metadata 200 after ${STARTUP_S}s, RSS ${rss_start} MiB after start, ${rss_after} MiB after 1000 creates"
  echo "$STARTUP_S" >>"$WORK/secs"; echo "$rss_start" >>"$WORK/rss_start"; echo "$rss_after" >>"$WORK/rss_after"
  stop_server
done
echo "median of $RUNS (JAVA_OPTS='${JAVA_OPTS:-}'): start $(median <"$WORK/secs") s | RSS after start $(median <"$WORK/rss_start") MiB | RSS after 1000 creates $(median <"$WORK/rss_after") MiB"
