#!/usr/bin/env bash
# Whole-suite bench with the layer-cost comparison: target/oncofhir.jar "full" and with OncoFHIR's layers off
# (--oncofhir.validation.enabled=false --oncofhir.cds.enabled=false), RUNS rounds, one server of each per round,
# the order flipped every round (full/off, off/full, ...) so drift and noise hit both alike; every server on a fresh
# H2 file with the demo profile (13 demo patients, stored before readiness). Each server goes through:
#   start: time to the first /fhir/metadata 200 and RSS then; time to /actuator/health/readiness 200; then a wait
#   until the server is idle (it warms its validator caches for 10-20 s after readiness, layers on or off)
#   a layer check: an invalid biomarker Observation must get 422 full and 201 off, /cds-services 200 full, 404 off
#   seed 100 Patients; TOTAL Observation creates with 1 client, then TOTAL with 8 (200 warm-up writes each, not
#   counted); 10 transaction Bundles of 100 Observations (1 warm-up); search Observation?patient&code with 8 clients
#   and Cache-Control: no-cache for DURATION s (5 s warm-up); full only: CDS patient-view for PATIENT, 8 clients,
#   DURATION s with the full prefetch and DURATION s without (the service reads the store), 300 warm-up calls each;
#   RSS and the size of the H2 files after the workload.
# The workload is ../shared/tools/fhir-load (FhirLoad). Prints a line per phase as it goes, then one markdown table:
# the median of the RUNS values of each figure, the ratio of the medians "full / layers off" (above 1: full is
# bigger, i.e. slower for s and ms, faster for /s), the errors of each phase summed over all rounds (full / off;
# any non-2xx or failed request, never hidden) and the plain HAPI JPA starter's figures from BASELINE.md.
# Defaults take ~16 min on a 2-core machine with the cores to itself (~5.4 min a round), ~20-25 min when another
# build shares them; `src/bench/suite.sh 1 5 200` is a 5-8 min smoke run.
# Usage: [JAVA_OPTS=...] [OUT=dir] src/bench/suite.sh [RUNS=3] [DURATION=10] [TOTAL=500] [PORT=8093] [PATIENT=demo-hr-ultralow]
#   (build first: mvn -B -DskipTests package; OUT=dir keeps every phase's RESULT JSON and the server logs)
set -euo pipefail
RUNS="${1:-3}"; DURATION="${2:-10}"; TOTAL="${3:-500}"; PORT="${4:-8093}"; PATIENT="${5:-demo-hr-ultralow}"
BEGAN=$(date +%s)
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"
trap 'exit 143' INT TERM   # so that common.sh's EXIT trap stops the server on Ctrl-C or kill
FHIR="http://127.0.0.1:$PORT/fhir"
CDS="http://127.0.0.1:$PORT/cds-services"
SERVICE=oncofhir-breast-therapy
OFF_ARGS=(--oncofhir.validation.enabled=false --oncofhir.cds.enabled=false)
if [[ -n "${OUT:-}" ]]; then mkdir -p "$OUT"; : >"$OUT/results.jsonl"; fi
LAYER_CHECK_FAILED=

# The CDS request bodies a client would send: the service's own prefetch templates filled from this server (as cds.sh).
cds_bodies() {
  local templates query patient observations conditions requests statements administrations
  templates=$(curl -sf "$CDS" | grep -o '"observations" *: *"[^"]*"' | head -1 | cut -d'"' -f4)
  query=${templates//\{\{context.patientId\}\}/$PATIENT}
  patient=$(curl -sf "$FHIR/Patient/$PATIENT"); observations=$(curl -sf "$FHIR/$query")
  conditions=$(curl -sf "$FHIR/Condition?patient=$PATIENT"); requests=$(curl -sf "$FHIR/MedicationRequest?patient=$PATIENT")
  statements=$(curl -sf "$FHIR/MedicationStatement?patient=$PATIENT")
  administrations=$(curl -sf "$FHIR/MedicationAdministration?patient=$PATIENT")
  printf '{"hook":"patient-view","hookInstance":"bench","context":{"userId":"Practitioner/bench","patientId":"%s"},"prefetch":{"patient":%s,"observations":%s,"conditions":%s,"medicationRequests":%s,"medicationStatements":%s,"medicationAdministrations":%s}}' \
    "$PATIENT" "$patient" "$observations" "$conditions" "$requests" "$statements" "$administrations" >"$WORK/prefetch.json"
  printf '{"hook":"patient-view","hookInstance":"bench","context":{"userId":"Practitioner/bench","patientId":"%s"}}' \
    "$PATIENT" >"$WORK/no-prefetch.json"
}

# layer_check VARIANT: are the layers really on (full) or off? An Observation of a biomarker code without category
# and effective[x] breaks the biomarker profile (422 with validation, 201 without); CDS discovery 200 or 404.
layer_check() {
  local v="$1" obs cds want_obs want_cds
  obs=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$FHIR/Observation" -H 'Content-Type: application/fhir+json' \
    -d '{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85319-2"}]},"subject":{"reference":"Patient/'"$PATIENT"'"},"valueQuantity":{"value":3}}')
  cds=$(curl -s -o /dev/null -w '%{http_code}' "$CDS")
  if [[ $v == full ]]; then want_obs=422; want_cds=200; else want_obs=201; want_cds=404; fi
  if [[ $obs != "$want_obs" || $cds != "$want_cds" ]]; then
    echo "  layer check FAILED ($v): invalid Observation $obs (want $want_obs), CDS discovery $cds (want $want_cds)"
    LAYER_CHECK_FAILED+="$v: Observation $obs/CDS $cds (want $want_obs/$want_cds); "
  fi
}

# settle: after readiness the server still fills its validator caches in the background (ConformanceInstaller, with
# the layers on or off), which takes a core for 10-20 s; measure only once the server has used < 0.2 CPU-s per
# second two seconds in a row (at most 120 s). Sets SETTLED_S, the seconds that took.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
settle() {
  local clk prev now quiet=0 i
  clk=$(getconf CLK_TCK); prev=$(cpu_ticks); SETTLED_S=120
  for i in $(seq 1 120); do
    sleep 1; now=$(cpu_ticks)
    if (( (now - prev) * 5 < clk )); then quiet=$((quiet + 1)); else quiet=0; fi
    prev=$now
    if (( quiet >= 2 )); then SETTLED_S=$i; return 0; fi
  done
  echo "  (server still busy 120 s after readiness; measuring anyway)"
}

# one_server VARIANT ROUND
one_server() {
  local v="$1" round="$2" dir="$WORK/$1$2" ids="$WORK/ids.$1$2" t_meta ready_s waited=0
  echo "round $round/$RUNS, $v (elapsed $(( $(date +%s) - BEGAN )) s)"
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is already in use: pass another PORT" >&2; exit 1; fi
  if [[ $v == full ]]; then start_server "$dir" --spring.profiles.active=demo
  else start_server "$dir" --spring.profiles.active=demo "${OFF_ARGS[@]}"; fi
  t_meta=$(date +%s.%N)
  put "$v" rss_start "$(rss_mib "$PID")"; put "$v" startup "$STARTUP_S"
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness"; do
    kill -0 "$PID" 2>/dev/null || { echo "server died, see its log:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
    (( waited++ < 3000 )) || { echo "not ready after 300 s, see $dir/server.log" >&2; exit 1; }
    sleep 0.1
  done
  ready_s=$(echo "$STARTUP_S + $(date +%s.%N) - $t_meta" | bc)
  put "$v" ready "$ready_s"
  settle
  printf '  start: first /fhir/metadata 200 after %.1f s (RSS %s MiB), ready after %.1f s, idle %s s later\n' \
    "$STARTUP_S" "$(tail -1 "$WORK/v.$v.rss_start")" "$ready_s" "$SETTLED_S"
  layer_check "$v"
  if [[ $v == full ]]; then cds_bodies; fi

  phase "$v" seed "$FHIR" seed patients=100 ids="$ids"
  phase "$v" c1 "$FHIR" ingest ids="$ids" total="$TOTAL" conc=1 warmup=200
  phase "$v" c8 "$FHIR" ingest ids="$ids" total="$TOTAL" conc=8 warmup=200
  phase "$v" bundle "$FHIR" bundle ids="$ids" size=100 count=10 warmup=1
  phase "$v" search "$FHIR" search ids="$ids" conc=8 duration="$DURATION" warmup=5 nocache=true
  if [[ $v == full ]]; then
    phase "$v" cds_pf "$CDS" cds service="$SERVICE" body="$WORK/prefetch.json" conc=8 duration="$DURATION" warmup=300
    phase "$v" cds_np "$CDS" cds service="$SERVICE" body="$WORK/no-prefetch.json" conc=8 duration="$DURATION" warmup=300
  fi
  put "$v" rss_after "$(rss_mib "$PID")"
  put "$v" h2_mib "$(du -sm "$dir/data" | cut -f1)"
  echo "  RSS after the workload $(tail -1 "$WORK/v.$v.rss_after") MiB, H2 files $(tail -1 "$WORK/v.$v.h2_mib") MiB"
  stop_server
  if [[ -n "${OUT:-}" ]]; then cp "$dir/server.log" "$OUT/server.$v$round.log"; fi
  rm -rf "$dir/data"
}

for round in $(seq 1 "$RUNS"); do
  if (( round % 2 )); then order=(full off); else order=(off full); fi
  for v in "${order[@]}"; do one_server "$v" "$round"; done
done

# ---------------------------------------------------------------- table
num() {  # format a number: 3 significant-ish digits
  awk -v x="$1" 'BEGIN{ if (x == "") { print "-"; exit } a = x < 0 ? -x : x;
    if (a >= 100) printf "%.0f", x; else if (a >= 10) printf "%.1f", x; else printf "%.2f", x }'
}
med() {  # VARIANT KEY -> median, with "(n=k)" when fewer than RUNS values
  local f="$WORK/v.$1.$2" n
  [[ -s "$f" ]] || { echo ""; return 0; }
  n=$(wc -l <"$f"); median <"$f" | tr -d '\n'; if (( n < RUNS )); then printf ' (n=%s)' "$n"; fi; echo
}
errors_of() {  # VARIANT PHASE -> summed errors (+ failed phases), "n/a" when never run
  local v="$1" p="$2" e=0 failed=0
  if [[ -s "$WORK/v.$v.$p.errors" ]]; then e=$(awk '{s+=$1} END{print s}' "$WORK/v.$v.$p.errors"); fi
  if [[ -s "$WORK/v.$v.$p.failed" ]]; then failed=$(wc -l <"$WORK/v.$v.$p.failed"); fi
  if [[ ! -s "$WORK/v.$v.$p.errors" && $failed == 0 ]]; then echo "n/a"; return 0; fi
  if (( failed > 0 )); then echo "$e, $failed FAILED"; else echo "$e"; fi
}
cell() { local m="$1"; [[ -z "$m" ]] && { echo "n/a"; return 0; }; [[ $m == - ]] && { echo -; return 0; }; echo "$(num "${m%% *}")${m#"${m%% *}"}"; }

# key | figure | HAPI JPA starter (BASELINE.md)
ROWS=(
  "startup|start to first /fhir/metadata 200 (s)|37–42"
  "ready|start to readiness 200, demo data stored (s)|"
  "rss_start|RSS after start (MiB)|1.26–1.5 GiB"
  "seed.-|seed 100 Patients (set-up: errors only)|"
  "c1.req_per_s|Observation create, 1 client (creates/s)|~115 (45–53 with its profile validation)"
  "c1.p50_ms|  1 client p50 (ms)|7.4"
  "c1.p99_ms|  1 client p99 (ms)|~22"
  "c8.req_per_s|Observation create, 8 clients (creates/s)|310–325 (93–105 with its profile validation)"
  "c8.p50_ms|  8 clients p50 (ms)|"
  "c8.p99_ms|  8 clients p99 (ms)|~80"
  "bundle.p50_ms|transaction Bundle of 100, p50 (ms)|150–165"
  "bundle.resources_per_s|  Bundle resources/s|"
  "search.req_per_s|search Observation?patient&code, 8 clients, no-cache (/s)|~101"
  "search.p50_ms|  search p50 (ms)|"
  "search.p99_ms|  search p99 (ms)|139"
  "cds_pf.p50_ms|CDS patient-view, full prefetch, 8 clients, p50 (ms)|"
  "cds_pf.p99_ms|  full prefetch p99 (ms)|"
  "cds_pf.req_per_s|  full prefetch calls/s|"
  "cds_np.p50_ms|CDS patient-view, no prefetch, 8 clients, p50 (ms)|"
  "cds_np.p99_ms|  no prefetch p99 (ms)|"
  "cds_np.req_per_s|  no prefetch calls/s|"
  "rss_after|RSS after the workload (MiB)|1.5–1.77 GiB (after its suite)"
  "h2_mib|H2 database files after the workload, server running (MiB)|"
)
echo
echo "OncoFHIR suite $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), median of $RUNS rounds;" \
  "TOTAL=$TOTAL creates per create phase, DURATION=${DURATION}s, CDS patient $PATIENT, JAVA_OPTS='${JAVA_OPTS:-}'"
echo
printf '| %-58s | %12s | %12s | %10s | %-17s | %s |\n' figure full "layers off" "full / off" "errors full / off" "HAPI starter"
printf '|%s|%s:|%s:|%s:|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" "$(printf -- '-%.0s' {1..13})" \
  "$(printf -- '-%.0s' {1..13})" "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..19})" "---"
for row in "${ROWS[@]}"; do
  IFS='|' read -r key label base <<<"$row"
  full=$(med full "$key"); off=$(med off "$key")
  if [[ $key == *.- ]]; then full="-"; off="-"; fi
  ratio="-"
  if [[ -n "$full" && -n "$off" && $full != - ]]; then
    ratio=$(awk -v a="${full%% *}" -v b="${off%% *}" 'BEGIN{ if (b == 0) print "-"; else printf "%.2f", a / b }')
  fi
  errs=""
  if [[ $key == *.* ]]; then errs="$(errors_of full "${key%%.*}") / $(errors_of off "${key%%.*}")"; fi
  printf '| %-58s | %12s | %12s | %10s | %-17s | %s |\n' "$label" "$(cell "$full")" "$(cell "$off")" "$ratio" "$errs" "${base:--}"
done
echo
if [[ -n "$LAYER_CHECK_FAILED" ]]; then echo "LAYER CHECK FAILED, the comparison is not what it says: $LAYER_CHECK_FAILED"; fi
echo "total wall time $(( $(date +%s) - BEGAN )) s"
