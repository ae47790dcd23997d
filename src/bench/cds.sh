#!/usr/bin/env bash
# CDS Hooks bench: POST /cds-services/oncofhir-breast-therapy (patient-view) for a demo patient from
# target/oncofhir.jar started with the demo data, with the full prefetch in the request and with no prefetch
# (the service reads this server's store), CONC concurrent clients over loopback, RUNS rounds of DURATION seconds
# each, alternating. Prints each round and the medians of p50, p99 and throughput.
# Usage: [JAVA_OPTS=...] src/bench/cds.sh [RUNS=3] [DURATION=20] [CONC=8] [PORT=8092] [PATIENT=demo-hr-ultralow]
set -euo pipefail
RUNS="${1:-3}"; DURATION="${2:-20}"; CONC="${3:-8}"; PORT="${4:-8092}"; PATIENT="${5:-demo-hr-ultralow}"
source "$(dirname "$0")/common.sh"
FHIR="http://127.0.0.1:$PORT/fhir"

start_server "$WORK/server" --spring.profiles.active=demo
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness"; do sleep 0.2; done

# The prefetch a client would send: the service's own templates, filled from this server.
templates=$(curl -sf "http://127.0.0.1:$PORT/cds-services" | grep -o '"observations" *: *"[^"]*"' | head -1 | cut -d'"' -f4)
observations_query=${templates//\{\{context.patientId\}\}/$PATIENT}
{
  printf '{"hook":"patient-view","hookInstance":"bench","context":{"userId":"Practitioner/bench","patientId":"%s"},"prefetch":{' "$PATIENT"
  printf '"patient":%s,' "$(curl -sf "$FHIR/Patient/$PATIENT")"
  printf '"observations":%s,' "$(curl -sf "$FHIR/$observations_query")"
  printf '"conditions":%s,' "$(curl -sf "$FHIR/Condition?patient=$PATIENT")"
  printf '"medicationRequests":%s,' "$(curl -sf "$FHIR/MedicationRequest?patient=$PATIENT")"
  printf '"medicationStatements":%s,' "$(curl -sf "$FHIR/MedicationStatement?patient=$PATIENT")"
  printf '"medicationAdministrations":%s,' "$(curl -sf "$FHIR/MedicationAdministration?patient=$PATIENT")"
  printf '"procedures":%s}}' "$(curl -sf "$FHIR/Procedure?patient=$PATIENT")"
} >"$WORK/prefetch.json"
printf '{"hook":"patient-view","hookInstance":"bench","context":{"userId":"Practitioner/bench","patientId":"%s"}}' \
  "$PATIENT" >"$WORK/no-prefetch.json"

for run in $(seq 1 "$RUNS"); do
  for variant in prefetch no-prefetch; do
    line=$(java -cp "$WORK/cls" FhirLoad "http://127.0.0.1:$PORT/cds-services" cds service=oncofhir-breast-therapy \
      body="$WORK/$variant.json" conc="$CONC" duration="$DURATION" warmup=1000 label="$variant" | grep '^RESULT ')
    p50=$(echo "$line" | field p50_ms); p99=$(echo "$line" | field p99_ms); rps=$(echo "$line" | field req_per_s)
    echo "run $run $variant: p50 $p50 ms, p99 $p99 ms, $rps calls/s, errors $(echo "$line" | field errors)"
    echo "$p50" >>"$WORK/p50_$variant"; echo "$p99" >>"$WORK/p99_$variant"; echo "$rps" >>"$WORK/rps_$variant"
  done
done
for variant in prefetch no-prefetch; do
  echo "median of $RUNS ($CONC clients, ${DURATION}s, patient $PATIENT, JAVA_OPTS='${JAVA_OPTS:-}') $variant:" \
    "p50 $(median <"$WORK/p50_$variant") ms, p99 $(median <"$WORK/p99_$variant") ms, $(median <"$WORK/rps_$variant") calls/s"
done
