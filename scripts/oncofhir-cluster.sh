#!/usr/bin/env bash
# Several OncoFHIR nodes on one machine, all on one PostgreSQL database, behind HAProxy (Debian's `haproxy`).
#
#   scripts/oncofhir-cluster.sh start [-- SERVER-ARGS...]  start the nodes (together: the first to take the migration
#                                                         lock migrates the schema), then the balancer; returns once
#                                                         every node and the balancer answer ready
#   scripts/oncofhir-cluster.sh stop-node N               stop node N gracefully (in-flight requests finish)
#   scripts/oncofhir-cluster.sh start-node N              start node N again, with the arguments `start` was given
#   scripts/oncofhir-cluster.sh restart                   rolling restart: one node after the other, each ready
#                                                         before the next goes down (e.g. after replacing the jar)
#   scripts/oncofhir-cluster.sh status                    each node's process and readiness, the balancer's
#   scripts/oncofhir-cluster.sh stop                      stop the balancer, then every node
#
# Environment (read by `start`, remembered in $CLUSTER_DIR/cluster.env for the other commands):
#   ONCOFHIR_DB_URL, ONCOFHIR_DB_USER, ONCOFHIR_DB_PASSWORD  the shared database (required)
#   NODES (2), BALANCER_PORT (8080), FIRST_NODE_PORT (8081: node N listens on FIRST_NODE_PORT + N - 1, loopback)
#   CLUSTER_DIR (./cluster: pid files, logs, the rendered haproxy.cfg), ONCOFHIR_JAR (target/oncofhir.jar),
#   JAVA_OPTS (-Xmx768m), SPRING_PROFILES_ACTIVE (postgres)
# SERVER-ARGS go to every node, e.g. --oncofhir.security.public-base-url=https://oncofhir.example.org and the
# trusted CDS clients (README, Security). Nodes log to $CLUSTER_DIR/node<N>.log, the balancer's start-up to haproxy.log.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLUSTER_DIR=${CLUSTER_DIR:-$PWD/cluster}
READY_TIMEOUT=${READY_TIMEOUT:-300}
# Debian installs it in /usr/sbin, which is not on every user's PATH.
HAPROXY=${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}

die() { echo "oncofhir-cluster: $*" >&2; exit 1; }

load_settings() {
  [ -f "$CLUSTER_DIR/cluster.env" ] || die "no cluster in $CLUSTER_DIR (run start first, or set CLUSTER_DIR)"
  # shellcheck source=/dev/null
  . "$CLUSTER_DIR/cluster.env"
}

node_port() { echo $((FIRST_NODE_PORT + $1 - 1)); }

# pid_alive PIDFILE: the process is alive and still ours (a stale pid may belong to another program by now).
pid_alive() {
  [ -f "$1" ] || return 1
  local pid; pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qE -- '--server.address=127.0.0.1|haproxy'
}

status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true; }

await_ready() {
  local url=$1 what=$2 pidfile=${3:-} waited=0
  until [ "$(status_of "$url")" = 200 ]; do
    if [ -n "$pidfile" ] && ! pid_alive "$pidfile"; then
      die "$what exited (see its log in $CLUSTER_DIR; \`$0 stop\` stops the rest)"
    fi
    [ "$waited" -lt "$READY_TIMEOUT" ] || die "$what not ready after ${READY_TIMEOUT}s (\`$0 stop\` stops the cluster)"
    sleep 1
    waited=$((waited + 1))
  done
  echo "$what ready"
}

start_node() {
  local n=$1 port pidfile args=()
  port=$(node_port "$n")
  pidfile="$CLUSTER_DIR/node$n.pid"
  pid_alive "$pidfile" && die "node $n is running (pid $(cat "$pidfile"))"
  mapfile -d '' args < "$CLUSTER_DIR/server-args"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  SPRING_PROFILES_ACTIVE=$SPRING_PROFILES_ACTIVE ONCOFHIR_DB_URL=$ONCOFHIR_DB_URL ONCOFHIR_DB_USER=$ONCOFHIR_DB_USER \
    ONCOFHIR_DB_PASSWORD=$ONCOFHIR_DB_PASSWORD \
    nohup java $JAVA_OPTS -jar "$ONCOFHIR_JAR" --server.port="$port" --server.address=127.0.0.1 "${args[@]}" \
    >> "$CLUSTER_DIR/node$n.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  echo "node $n started (pid $!, port $port)"
}

stop_pid() {
  local pidfile=$1 what=$2 pid waited=0
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 60 ]; then kill -9 "$pid"; echo "$what killed after 60 s"; break; fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$pidfile"
  echo "$what stopped"
}

render_haproxy_config() {
  local n
  sed -e "s/^\([[:space:]]*bind\) 127\.0\.0\.1:8080$/\1 127.0.0.1:$BALANCER_PORT/" \
      -e '/^[[:space:]]*server node[0-9]* /d' "$ROOT/scripts/haproxy.cfg" > "$CLUSTER_DIR/haproxy.cfg"
  for n in $(seq 1 "$NODES"); do
    echo "    server node$n 127.0.0.1:$(node_port "$n") check" >> "$CLUSTER_DIR/haproxy.cfg"
  done
  "$HAPROXY" -c -q -f "$CLUSTER_DIR/haproxy.cfg"
}

start() {
  [ -n "${ONCOFHIR_DB_URL:-}" ] || die "set ONCOFHIR_DB_URL (and ONCOFHIR_DB_USER, ONCOFHIR_DB_PASSWORD)"
  [ -x "$HAPROXY" ] || die "haproxy not installed (Debian: apt-get install haproxy)"
  mkdir -p "$CLUSTER_DIR"
  CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
  local running
  for running in "$CLUSTER_DIR"/*.pid; do
    pid_alive "$running" && die "$running: already running (stop first, or use start-node / restart)"
  done
  local jar=${ONCOFHIR_JAR:-$ROOT/target/oncofhir.jar}
  [ -f "$jar" ] || die "$jar missing (mvn -B -DskipTests package)"
  {
    printf 'NODES=%q\nBALANCER_PORT=%q\nFIRST_NODE_PORT=%q\n' "${NODES:-2}" "${BALANCER_PORT:-8080}" "${FIRST_NODE_PORT:-8081}"
    printf 'ONCOFHIR_JAR=%q\nJAVA_OPTS=%q\nSPRING_PROFILES_ACTIVE=%q\n' "$jar" "${JAVA_OPTS:--Xmx768m}" "${SPRING_PROFILES_ACTIVE:-postgres}"
    printf 'ONCOFHIR_DB_URL=%q\nONCOFHIR_DB_USER=%q\nONCOFHIR_DB_PASSWORD=%q\n' "$ONCOFHIR_DB_URL" "${ONCOFHIR_DB_USER:-oncofhir}" "${ONCOFHIR_DB_PASSWORD:-}"
  } > "$CLUSTER_DIR/cluster.env"
  chmod 600 "$CLUSTER_DIR/cluster.env"
  : > "$CLUSTER_DIR/server-args"
  [ $# -eq 0 ] || printf '%s\0' "$@" > "$CLUSTER_DIR/server-args"
  load_settings
  render_haproxy_config
  local n
  for n in $(seq 1 "$NODES"); do start_node "$n"; done
  for n in $(seq 1 "$NODES"); do
    await_ready "http://127.0.0.1:$(node_port "$n")/actuator/health/readiness" "node $n" "$CLUSTER_DIR/node$n.pid"
  done
  "$HAPROXY" -D -f "$CLUSTER_DIR/haproxy.cfg" -p "$CLUSTER_DIR/haproxy.pid" >> "$CLUSTER_DIR/haproxy.log" 2>&1
  await_ready "http://127.0.0.1:$BALANCER_PORT/actuator/health/readiness" "balancer on port $BALANCER_PORT"
}

status() {
  local n
  for n in $(seq 1 "$NODES"); do
    local state=stopped
    pid_alive "$CLUSTER_DIR/node$n.pid" && state="pid $(cat "$CLUSTER_DIR/node$n.pid")"
    echo "node $n: $state, port $(node_port "$n"), readiness $(status_of "http://127.0.0.1:$(node_port "$n")/actuator/health/readiness")"
  done
  echo "balancer: port $BALANCER_PORT, readiness $(status_of "http://127.0.0.1:$BALANCER_PORT/actuator/health/readiness")"
}

case "${1:-}" in
  start)
    shift
    [ "${1:-}" = "--" ] && shift
    start "$@"
    ;;
  start-node)
    load_settings
    [ -n "${2:-}" ] || die "which node?"
    start_node "$2"
    await_ready "http://127.0.0.1:$(node_port "$2")/actuator/health/readiness" "node $2" "$CLUSTER_DIR/node$2.pid"
    ;;
  stop-node)
    load_settings
    [ -n "${2:-}" ] || die "which node?"
    stop_pid "$CLUSTER_DIR/node$2.pid" "node $2"
    ;;
  restart)
    load_settings
    for n in $(seq 1 "$NODES"); do
      stop_pid "$CLUSTER_DIR/node$n.pid" "node $n"
      start_node "$n"
      await_ready "http://127.0.0.1:$(node_port "$n")/actuator/health/readiness" "node $n" "$CLUSTER_DIR/node$n.pid"
      # The balancer takes a node back after two good checks, a second apart.
      sleep 3
    done
    ;;
  status)
    load_settings
    status
    ;;
  stop)
    load_settings
    stop_pid "$CLUSTER_DIR/haproxy.pid" "balancer"
    for n in $(seq 1 "$NODES"); do stop_pid "$CLUSTER_DIR/node$n.pid" "node $n"; done
    ;;
  *)
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
