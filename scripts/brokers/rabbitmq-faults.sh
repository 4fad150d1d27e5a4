#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A RabbitMQ node of the fault suite's own (test/faults), beside the shared test broker and never
# touching it: node rabbit-faults@localhost, AMQP 127.0.0.1:5682, management http://127.0.0.1:15682,
# Erlang distribution 127.0.0.1:25682, state in .brokers/rabbitmq-faults. Needs root, like up.sh rabbitmq.
#
#   bash scripts/brokers/rabbitmq-faults.sh up       # fresh node (data wiped), waits for the management API
#   bash scripts/brokers/rabbitmq-faults.sh down     # graceful stop
#   bash scripts/brokers/rabbitmq-faults.sh kill     # kill -9 the Erlang VM, as a crash would
#   bash scripts/brokers/rabbitmq-faults.sh stop     # graceful stop, data kept (a restart's first half)
#   bash scripts/brokers/rabbitmq-faults.sh start    # start on the existing data, wait until it answers
#   bash scripts/brokers/rabbitmq-faults.sh pause    # SIGSTOP: accepts TCP, never answers
#   bash scripts/brokers/rabbitmq-faults.sh resume   # SIGCONT
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

RF_NODE=rabbit-faults@localhost
RF_AMQP_PORT=5682
RF_MGMT_PORT=15682
RF_DIST_PORT=25682
RF_WAIT_SECONDS="${BROKERLENS_RABBITMQ_WAIT_SECONDS:-60}"
RF_SERVER_BIN=/usr/lib/rabbitmq/bin/rabbitmq-server
RF_TEMPLATES="$TEMPLATES_DIR/rabbitmq-faults"

# State folder: .brokers/rabbitmq-faults, unless user rabbitmq cannot reach it (then one in its home, linked).
rf_resolve_dir() {
  RF_DIR="$BROKERS_DIR/rabbitmq-faults"
  [ -L "$RF_DIR" ] && RF_DIR="$(readlink -f "$RF_DIR")"
  RF_PID_FILE="$RF_DIR/rabbit.pid"
  RF_LAUNCHER_PID_FILE="$RF_DIR/launcher.pid"
  RF_LOG_DIR="$RF_DIR/log"
}
rf_resolve_dir

rf_env() {
  export RABBITMQ_NODENAME="$RF_NODE"
  export RABBITMQ_CONFIG_FILE="$RF_DIR/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$RF_DIR/advanced.config" # absent on purpose: ignore /etc/rabbitmq
  export RABBITMQ_MNESIA_BASE="$RF_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$RF_LOG_DIR"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RF_DIR/enabled_plugins"
  export RABBITMQ_PID_FILE="$RF_PID_FILE"
  export RABBITMQ_DIST_PORT="$RF_DIST_PORT"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export ERL_EPMD_ADDRESS=127.0.0.1
}

# rf_is_ours PID: a RabbitMQ VM of node rabbit-faults (the node name is in its environment, not its command line).
rf_is_ours() {
  pid_alive "$1" "rabbit boot" && tr '\0' '\n' <"/proc/$1/environ" 2>/dev/null | grep -qx "RABBITMQ_NODENAME=$RF_NODE"
}

rf_pid() { # the beam pid, if our node runs (from the pid file, or found by its environment before the file is written)
  local pid
  pid="$(read_pid "$RF_PID_FILE")"
  if [ -n "$pid" ] && rf_is_ours "$pid"; then echo "$pid"; return 0; fi
  for pid in $(pgrep -x beam.smp 2>/dev/null); do
    if rf_is_ours "$pid"; then echo "$pid"; return 0; fi
  done
}

rf_prepare_fresh() {
  [ "$(id -u)" = 0 ] || fail "rabbitmq-faults: must run as root (Debian's RabbitMQ runs its node as user rabbitmq)"
  local dir="$BROKERS_DIR/rabbitmq-faults"
  [ -L "$dir" ] && rm -f "$dir"
  mkdir -p "$dir"
  chown rabbitmq:rabbitmq "$dir"
  if ! runuser -u rabbitmq -- test -w "$dir"; then
    local fallback
    fallback="/var/lib/rabbitmq/brokerlens-faults-$(printf '%s' "$BROKERS_DIR" | sha256sum | cut -c1-12)"
    rm -rf "$dir"
    mkdir -p "$fallback"
    ln -sfn "$fallback" "$dir"
  fi
  rf_resolve_dir
  rm -rf "$RF_DIR/mnesia" "$RF_LOG_DIR" "$RF_PID_FILE" "$RF_LAUNCHER_PID_FILE"
  mkdir -p "$RF_DIR/mnesia" "$RF_LOG_DIR"
  render "$RF_TEMPLATES/rabbitmq.conf.template" "$RF_DIR/rabbitmq.conf" AMQP_PORT="$RF_AMQP_PORT" MGMT_PORT="$RF_MGMT_PORT"
  cp "$RF_TEMPLATES/enabled_plugins" "$RF_DIR/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$RF_DIR"
}

rf_launch() {
  if [ -n "$(rf_pid)" ]; then log "rabbitmq-faults: already running"; return 0; fi
  local p
  for p in "$RF_AMQP_PORT" "$RF_MGMT_PORT" "$RF_DIST_PORT"; do
    port_open "$p" && fail "rabbitmq-faults: port $HOST:$p is already in use by another process"
  done
  [ -f "$RF_DIR/rabbitmq.conf" ] || fail "rabbitmq-faults: no node prepared; run: rabbitmq-faults.sh up"
  (
    rf_env
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    export HOME=/var/lib/rabbitmq
    cd /var/lib/rabbitmq || exit 1
    # setpriv, not Debian's su wrapper (see rabbitmq.sh: PAM would reset the open-files limit).
    setsid setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$RF_SERVER_BIN" >>"$RF_LOG_DIR/startup.log" 2>&1 </dev/null 9>&- &
    echo $! >"$RF_LAUNCHER_PID_FILE"
  )
}

rf_wait() {
  local deadline launcher
  launcher="$(read_pid "$RF_LAUNCHER_PID_FILE")"
  deadline=$(($(date +%s) + RF_WAIT_SECONDS))
  # The management API answers once the node has booted; AMQP opens a moment later.
  until curl -fsS -o /dev/null -u guest:guest "http://$HOST:$RF_MGMT_PORT/api/overview" 2>/dev/null && port_open "$RF_AMQP_PORT"; do
    if [ -n "$launcher" ] && ! pid_alive "$launcher" && [ -z "$(rf_pid)" ]; then
      fail "rabbitmq-faults: the node exited during startup" "$RF_LOG_DIR/startup.log" "$RF_LOG_DIR/$RF_NODE.log"
    fi
    [ "$(date +%s)" -ge "$deadline" ] && fail "rabbitmq-faults: no answer within ${RF_WAIT_SECONDS}s" "$RF_LOG_DIR/startup.log" "$RF_LOG_DIR/$RF_NODE.log"
    sleep 0.25
  done
}

rf_stop() { # rf_stop graceful|kill
  local pid launcher i
  pid="$(rf_pid)"
  launcher="$(read_pid "$RF_LAUNCHER_PID_FILE")"
  pid_alive "$launcher" || launcher=""
  [ -z "$pid" ] && [ -z "$launcher" ] && return 0
  [ -n "$pid" ] && kill -CONT "$pid" 2>/dev/null
  if [ "$1" = kill ]; then
    # shellcheck disable=SC2086  # two optional pids
    kill -KILL $pid 2>/dev/null || true
  else
    (rf_env; HOME=/var/lib/rabbitmq timeout 60 rabbitmqctl -n "$RF_NODE" -q stop >/dev/null 2>&1) || kill -TERM "$pid" 2>/dev/null || true
  fi
  for ((i = 0; i < 240; i++)); do
    { [ -n "$pid" ] && pid_alive "$pid"; } || { [ -n "$launcher" ] && pid_alive "$launcher"; } || break
    [ "$i" = 120 ] && kill -KILL "$pid" "$launcher" 2>/dev/null
    sleep 0.25
  done
  rm -f "$RF_PID_FILE" "$RF_LAUNCHER_PID_FILE"
}

cmd="${1:-}"
case "$cmd" in
  up)
    t0="$(now_ms)"
    rf_stop kill
    rf_prepare_fresh
    rf_launch
    rf_wait
    log "rabbitmq-faults: ready in $(elapsed_since "$t0")s: amqp://127.0.0.1:$RF_AMQP_PORT, http://127.0.0.1:$RF_MGMT_PORT (guest/guest)"
    ;;
  down) rf_stop graceful; log "rabbitmq-faults: stopped" ;;
  kill) rf_stop kill; log "rabbitmq-faults: killed (SIGKILL)" ;;
  stop) rf_stop graceful; log "rabbitmq-faults: stopped (data kept)" ;;
  start) t0="$(now_ms)"; rf_launch; rf_wait; log "rabbitmq-faults: started in $(elapsed_since "$t0")s" ;;
  pause) pid="$(rf_pid)"; [ -n "$pid" ] || fail "rabbitmq-faults: not running"; kill -STOP "$pid"; log "rabbitmq-faults: paused (SIGSTOP)" ;;
  resume) pid="$(rf_pid)"; [ -n "$pid" ] || fail "rabbitmq-faults: not running"; kill -CONT "$pid"; log "rabbitmq-faults: resumed" ;;
  -h | --help | "") sed -n '3,14p' "$0"; [ -n "$cmd" ] ;;
  *) fail "rabbitmq-faults: unknown command '$cmd' (up, down, kill, stop, start, pause, resume)" ;;
esac
