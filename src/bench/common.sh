# Shared by the bench scripts (sourced): paths, the FhirLoad workload compiled into a scratch folder, server
# start/stop on loopback, and a median helper. JAVA_OPTS, if set, is passed to the server JVM; ONCOFHIR_JAR, if set,
# is the jar started instead of target/oncofhir.jar (the extracted one scripts/cds-archive.sh writes).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOAD="$ROOT/../shared/tools/fhir-load"
JAR="$(realpath -m "${ONCOFHIR_JAR:-$ROOT/target/oncofhir.jar}")"
[[ -f "$JAR" ]] || { echo "no $JAR: run mvn -B -DskipTests package first" >&2; exit 2; }
WORK="$(mktemp -d)"
PID=
cleanup() { if [[ -n "$PID" ]]; then kill "$PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$WORK/cls"; javac -d "$WORK/cls" "$LOAD/FhirLoad.java"

median() { sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
rss_mib() { awk '/^VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
fhirload() { java -cp "$WORK/cls" FhirLoad "http://127.0.0.1:$PORT/fhir" "$@"; }

# start_server DIR [ARGS...]: starts the jar in DIR on $PORT, waits for /fhir/metadata 200, sets PID and STARTUP_S.
# Security is off on loopback (no CDS client to trust here); scripts may pass a profile on top.
start_server() {
  local dir="$1"; shift
  mkdir -p "$dir"
  local start; start=$(date +%s.%N)
  (cd "$dir" && exec java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 \
    --oncofhir.security.enabled=false "$@" >server.log 2>&1) &
  PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/fhir/metadata"; do
    kill -0 "$PID" 2>/dev/null || { echo "server died, see its log:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
    sleep 0.1
  done
  STARTUP_S=$(echo "$(date +%s.%N) - $start" | bc)
}

stop_server() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }

# The figures of a FhirLoad RESULT line, as suite.sh and cluster.sh record them.
field() { grep -o "\"$1\":[0-9.]*" | head -1 | cut -d: -f2; }

# put VARIANT KEY VALUE: one run's value of a figure (empty values, e.g. NaN p50 of a phase without successes, skipped)
put() { if [[ -n "$3" ]]; then echo "$3" >>"$WORK/v.$1.$2"; fi; }

# phase VARIANT KEY BASE MODE ARGS...: one FhirLoad phase; records req_per_s, resources_per_s, p50_ms, p99_ms and
# errors under KEY (a phase that gives no RESULT at all counts as failed).
phase() {
  local v="$1" key="$2" base="$3" line; shift 3
  line=$(java -cp "$WORK/cls" FhirLoad "$base" "$@" label="$v.$key" | grep '^RESULT ' || true)
  if [[ -z "$line" ]]; then
    echo "  $key: FAILED, FhirLoad gave no result"; echo 1 >>"$WORK/v.$v.$key.failed"; return 0
  fi
  if [[ -n "${OUT:-}" ]]; then echo "${line#RESULT }" >>"$OUT/results.jsonl"; fi
  local f; for f in req_per_s resources_per_s p50_ms p99_ms errors; do put "$v" "$key.$f" "$(echo "$line" | field "$f")"; done
  printf '  %-8s %8s req/s %8s res/s  p50 %8s ms  p99 %8s ms  errors %s\n' "$key" "$(echo "$line" | field req_per_s)" \
    "$(echo "$line" | field resources_per_s)" "$(echo "$line" | field p50_ms)" "$(echo "$line" | field p99_ms)" \
    "$(echo "$line" | field errors)"
}
