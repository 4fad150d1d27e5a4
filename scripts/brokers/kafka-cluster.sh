#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A three-broker Apache Kafka (KRaft) cluster on 127.0.0.1 for the fault suite (test/faults), beside
# the single test broker and never touching it: its own ports, folder and processes.
#
#   bash scripts/brokers/kafka-cluster.sh up          # also: npm run brokers:up -- kafka-cluster
#   bash scripts/brokers/kafka-cluster.sh down        # also: npm run brokers:down -- kafka-cluster
#   bash scripts/brokers/kafka-cluster.sh kill N      # kill -9 node N (1..3), as a crash would
#   bash scripts/brokers/kafka-cluster.sh start N     # start node N again on its existing data
#   bash scripts/brokers/kafka-cluster.sh pause N     # SIGSTOP: node N accepts TCP but never answers
#   bash scripts/brokers/kafka-cluster.sh resume N    # SIGCONT
#   bash scripts/brokers/kafka-cluster.sh status      # one line per node
#
# Nodes 1..3 are each broker and controller (three voters, so one node down keeps a quorum):
# PLAINTEXT 127.0.0.1:29191..29193, CONTROLLER 127.0.0.1:29291..29293. Replication factor 3,
# min.insync.replicas 2. `up` wipes the cluster's data (fresh cluster id) unless all three already run.
# State: .brokers/kafka-cluster/node<N>/{server.properties,data,logs,kafka.pid}; env in
# .brokers/kafka-cluster/env. Heap per node: BROKERLENS_KAFKA_CLUSTER_HEAP (default -Xms128m -Xmx384m).
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=kafka.sh
source "$BROKERS_SCRIPTS_DIR/kafka.sh"

KC_HOME="$BROKERS_DIR/kafka-cluster"
KC_NODES=(1 2 3)
KC_HEAP="${BROKERLENS_KAFKA_CLUSTER_HEAP:--Xms128m -Xmx384m}"
KC_WAIT_SECONDS="${BROKERLENS_KAFKA_CLUSTER_WAIT_SECONDS:-90}"
kc_port() { echo $((29190 + $1)); }
kc_controller_port() { echo $((29290 + $1)); }
kc_dir() { echo "$KC_HOME/node$1"; }
kc_pid_file() { echo "$(kc_dir "$1")/kafka.pid"; }
kc_bootstrap() { local n out=(); for n in "${KC_NODES[@]}"; do out+=("$HOST:$(kc_port "$n")"); done; (IFS=,; echo "${out[*]}"); }
kc_voters() { local n out=(); for n in "${KC_NODES[@]}"; do out+=("$n@$HOST:$(kc_controller_port "$n")"); done; (IFS=,; echo "${out[*]}"); }

kc_pid() { # prints node N's pid if it runs
  local pid
  pid="$(read_pid "$(kc_pid_file "$1")")"
  if pid_alive "$pid" "$(kc_dir "$1")/server.properties"; then echo "$pid"; fi
}

kc_check_node() { [[ "${1:-}" =~ ^[123]$ ]] || fail "kafka-cluster: node must be 1, 2 or 3 (got '${1:-}')"; }

# kc_launch N: start node N's JVM on its existing, formatted storage.
kc_launch() {
  local n="$1" dir
  dir="$(kc_dir "$n")"
  [ -f "$dir/data/meta.properties" ] || fail "kafka-cluster: node $n has no formatted storage; run: kafka-cluster.sh up"
  if [ -n "$(kc_pid "$n")" ]; then log "kafka-cluster: node $n already running"; return 0; fi
  port_open "$(kc_port "$n")" && fail "kafka-cluster: port $HOST:$(kc_port "$n") is already in use by another process"
  # shellcheck disable=SC2086  # KC_HEAP is a list of JVM flags
  setsid "$(kafka_java)" $KC_HEAP -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dkafka.logs.dir="$dir/logs" \
    -Dlog4j2.configurationFile="$TEMPLATES_DIR/kafka/log4j2.xml" \
    -cp "$KAFKA_LIB/*" "$KAFKA_MAIN_CLASS" "$dir/server.properties" \
    >>"$dir/logs/kafka.out" 2>&1 </dev/null 9>&- &
  echo $! >"$(kc_pid_file "$n")"
  log "kafka-cluster: node $n started (pid $!, $HOST:$(kc_port "$n"))"
}

# kc_brokers_seen PORT: how many brokers a metadata request to PORT lists.
kc_brokers_seen() {
  kcat -b "$HOST:$1" -L -m 3 2>/dev/null | sed -n 's/^ *\([0-9]*\) brokers:.*/\1/p' | head -n 1
}

# kc_wait N...: until each node answers metadata listing all three brokers (or one fewer while a node is down).
kc_wait() {
  local deadline n want="${KC_WANT_BROKERS:-3}"
  deadline=$(($(date +%s) + KC_WAIT_SECONDS))
  for n in "$@"; do
    until [ "$(kc_brokers_seen "$(kc_port "$n")")" = "$want" ]; do
      if [ -z "$(kc_pid "$n")" ]; then
        fail "kafka-cluster: node $n exited during startup" "$(kc_dir "$n")/logs/kafka.out" "$(kc_dir "$n")/logs/server.log"
      fi
      [ "$(date +%s)" -ge "$deadline" ] &&
        fail "kafka-cluster: node $n did not list $want brokers within ${KC_WAIT_SECONDS}s" "$(kc_dir "$n")/logs/server.log"
      sleep 0.5
    done
  done
}

kc_stop_node() { # kc_stop_node N SIGNAL: stop node N (TERM waits up to 30 s for a controlled shutdown)
  local n="$1" sig="$2" pid i
  pid="$(kc_pid "$n")"
  [ -z "$pid" ] && return 0
  kill -CONT "$pid" 2>/dev/null || true # a paused node cannot shut down
  kill "-$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 120; i++)); do pid_alive "$pid" || break; sleep 0.25; done
  if pid_alive "$pid"; then
    warn "kafka-cluster: node $n still running after 30 s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do pid_alive "$pid" || break; sleep 0.25; done
  fi
  rm -f "$(kc_pid_file "$n")"
}

kc_up() {
  local n running=0
  for n in "${KC_NODES[@]}"; do [ -n "$(kc_pid "$n")" ] && running=$((running + 1)); done
  if [ "$running" = 3 ]; then
    log "kafka-cluster: already running"
    kc_wait "${KC_NODES[@]}"
    kc_write_env
    return 0
  fi
  # A partial cluster (a node killed and never restarted) is started afresh.
  for n in "${KC_NODES[@]}"; do kc_stop_node "$n" KILL; done
  for n in "${KC_NODES[@]}"; do
    port_open "$(kc_port "$n")" && fail "kafka-cluster: port $HOST:$(kc_port "$n") is already in use by another process (not started by these scripts)"
    port_open "$(kc_controller_port "$n")" && fail "kafka-cluster: port $HOST:$(kc_controller_port "$n") is already in use by another process"
  done
  kafka_ensure_jars
  local t0 tool id
  t0="$(now_ms)"
  rm -rf "$KC_HOME"
  tool="$(kafka_storage_tool_class)"
  mkdir -p "$KC_HOME"
  id="$(kafka_tool "$tool" random-uuid 2>>"$KC_HOME/format.log" | tail -n 1)"
  [[ "$id" =~ ^[A-Za-z0-9_-]{22}$ ]] || fail "kafka-cluster: $tool random-uuid printed no cluster id" "$KC_HOME/format.log"
  echo "$id" >"$KC_HOME/cluster-id"
  local pids=()
  for n in "${KC_NODES[@]}"; do
    local dir
    dir="$(kc_dir "$n")"
    mkdir -p "$dir/data" "$dir/logs"
    render "$TEMPLATES_DIR/kafka-cluster/server.properties.template" "$dir/server.properties" \
      KAFKA_VERSION="$KAFKA_VERSION" NODE_ID="$n" VOTERS="$(kc_voters)" PORT="$(kc_port "$n")" \
      CONTROLLER_PORT="$(kc_controller_port "$n")" DATA_DIR="$dir/data"
    kafka_tool "$tool" format -t "$id" -c "$dir/server.properties" >"$dir/logs/format.log" 2>&1 &
    pids+=($!)
  done
  for n in "${!pids[@]}"; do
    wait "${pids[$n]}" || fail "kafka-cluster: storage format of node $((n + 1)) failed" "$(kc_dir $((n + 1)))/logs/format.log"
  done
  for n in "${KC_NODES[@]}"; do kc_launch "$n"; done
  kc_wait "${KC_NODES[@]}"
  kc_write_env
  log "kafka-cluster: ready in $(elapsed_since "$t0")s: $(kc_bootstrap) (cluster id $id)"
}

kc_write_env() {
  cat >"$KC_HOME/env" <<EOF
# Generated by scripts/brokers/kafka-cluster.sh. Three-broker KRaft cluster for the fault suite.
BROKERLENS_KAFKA_CLUSTER_BROKERS=$(kc_bootstrap)
BROKERLENS_KAFKA_CLUSTER_VERSION=$KAFKA_VERSION
BROKERLENS_KAFKA_CLUSTER_ID=$(cat "$KC_HOME/cluster-id")
EOF
}

kc_down() {
  # All at once: stopped one by one, the last nodes lose their quorum and cannot shut down cleanly.
  local n pid pids=() i
  for n in "${KC_NODES[@]}"; do
    pid="$(kc_pid "$n")"
    [ -z "$pid" ] && continue
    kill -CONT "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
  done
  for ((i = 0; i < 60; i++)); do
    local alive=0
    for pid in "${pids[@]}"; do pid_alive "$pid" && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.25
  done
  for pid in "${pids[@]}"; do pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null; done
  for n in "${KC_NODES[@]}"; do rm -f "$(kc_pid_file "$n")"; done
  log "kafka-cluster: stopped"
}

kc_status() {
  local n pid state
  for n in "${KC_NODES[@]}"; do
    pid="$(kc_pid "$n")"
    state=down
    if [ -n "$pid" ]; then
      state="running (pid $pid)"
      grep -q '^State:.*T' "/proc/$pid/status" 2>/dev/null && state="paused (pid $pid)"
    fi
    echo "node $n $HOST:$(kc_port "$n") $state"
  done
}

cmd="${1:-}"
case "$cmd" in
  up) [ "${BROKERLENS_BROKERS_LOCKED:-}" = 1 ] || lock_brokers_dir; kc_up ;;
  down) [ "${BROKERLENS_BROKERS_LOCKED:-}" = 1 ] || lock_brokers_dir; kc_down ;;
  kill) kc_check_node "${2:-}"; kc_stop_node "$2" KILL; log "kafka-cluster: node $2 killed (SIGKILL)" ;;
  stop) kc_check_node "${2:-}"; kc_stop_node "$2" TERM; log "kafka-cluster: node $2 stopped" ;;
  start) kc_check_node "${2:-}"; kc_launch "$2" ;;
  pause) kc_check_node "${2:-}"; pid="$(kc_pid "$2")"; [ -n "$pid" ] || fail "kafka-cluster: node $2 is not running"; kill -STOP "$pid"; log "kafka-cluster: node $2 paused (SIGSTOP)" ;;
  resume) kc_check_node "${2:-}"; pid="$(kc_pid "$2")"; [ -n "$pid" ] || fail "kafka-cluster: node $2 is not running"; kill -CONT "$pid"; log "kafka-cluster: node $2 resumed" ;;
  status) kc_status ;;
  pid) kc_check_node "${2:-}"; kc_pid "$2" ;;
  -h | --help | "") sed -n '3,20p' "$0"; [ -n "$cmd" ] ;;
  *) fail "kafka-cluster: unknown command '$cmd' (up, down, kill N, stop N, start N, pause N, resume N, status, pid N)" ;;
esac
