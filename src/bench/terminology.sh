#!/usr/bin/env bash
# Terminology latency: ValueSet/$expand and ValueSet/$validate-code on the largest and the smallest ValueSet of the
# package, CONC clients for DURATION s each (5 s warm-up), on target/oncofhir.jar with a fresh H2 file.
# Prints one line per phase and a markdown table (req/s, p50, p99, errors).
# Usage: src/bench/terminology.sh [CONC=8] [DURATION=10] [PORT=8094]   (build first: mvn -B -DskipTests package)
set -euo pipefail
CONC="${1:-8}"; DURATION="${2:-10}"; PORT="${3:-8094}"
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"
javac -d "$WORK/cls" "$ROOT/src/bench/TermLoad.java"
start_server "$WORK/server"
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness"; do sleep 0.2; done
VS=http://oncofhir.org/fhir/ValueSet
enc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$1"; }
BASE="http://127.0.0.1:$PORT/fhir"
LARGE=$VS/biomarker-answer; SMALL=$VS/stain-intensity
ROWS=()
phase() {
  local label="$1" url="$2" line
  line=$(java -cp "$WORK/cls" TermLoad "$label" "$url" "$CONC" "$DURATION" 5 | grep '^RESULT ')
  echo "$line"
  ROWS+=("$(echo "$line" | python3 -c 'import json,sys;d=json.loads(sys.stdin.read()[7:]);print("| %s | %s | %s | %s | %s |"%(d["label"],d["req_per_s"],d["p50_ms"],d["p99_ms"],d["errors"]))')")
}
phase "expand biomarker-answer ($(curl -sf "$BASE/ValueSet/\$expand?url=$(enc $LARGE)&count=0" | grep -o '"total":[0-9]*' | cut -d: -f2) codes)" \
  "$BASE/ValueSet/\$expand?url=$(enc $LARGE)"
phase "expand stain-intensity (3 codes)" "$BASE/ValueSet/\$expand?url=$(enc $SMALL)"
phase "validate-code biomarker-answer" \
  "$BASE/ValueSet/\$validate-code?url=$(enc $LARGE)&system=$(enc http://loinc.org)&code=LA11843-2"
phase "validate-code stain-intensity" \
  "$BASE/ValueSet/\$validate-code?url=$(enc $SMALL)&system=$(enc http://loinc.org)&code=LA14974-2"
stop_server
echo
echo "| phase, $CONC clients, ${DURATION} s | req/s | p50 ms | p99 ms | errors |"
echo "|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
