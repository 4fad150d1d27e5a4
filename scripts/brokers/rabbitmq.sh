# shellcheck shell=bash
# RabbitMQ from Debian's rabbitmq-server package. Sourced by up.sh / down.sh.
#
# As root, Debian's /usr/sbin/rabbitmq-server and rabbitmqctl wrappers re-run themselves as user
# `rabbitmq` (su, environment kept), so every folder the node uses must belong to `rabbitmq`.

RMQ_NODE=rabbit@localhost
RMQ_WAIT_SECONDS="${BROKERLENS_RABBITMQ_WAIT_SECONDS:-60}"
RMQ_PORTS=(5672 5671 15672 5552)
RMQ_MGMT="http://$HOST:15672"
RMQ_SERVER_BIN=/usr/lib/rabbitmq/bin/rabbitmq-server # the real start script behind Debian's wrapper

# State folder: .brokers/rabbitmq, unless user rabbitmq cannot reach it (e.g. the repo is under
# /root, mode 700); then a folder in rabbitmq's home, linked from .brokers/rabbitmq.
rmq_dir_default() { echo "$BROKERS_DIR/rabbitmq"; }
rmq_dir_fallback() { echo "/var/lib/rabbitmq/brokerlens-$(printf '%s' "$BROKERS_DIR" | sha256sum | cut -c1-12)"; }

rmq_resolve_dir() {
  if [ -L "$BROKERS_DIR/rabbitmq" ]; then
    RMQ_DIR="$(readlink -f "$BROKERS_DIR/rabbitmq")"
  else
    RMQ_DIR="$(rmq_dir_default)"
  fi
  RMQ_PID_FILE="$RMQ_DIR/rabbit.pid"
  RMQ_LAUNCHER_PID_FILE="$RMQ_DIR/launcher.pid"
  RMQ_LOG_DIR="$RMQ_DIR/log"
  RMQ_LOG="$RMQ_LOG_DIR/$RMQ_NODE.log"
}
rmq_resolve_dir

rmq_env() {
  export RABBITMQ_NODENAME="$RMQ_NODE"
  export RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_DIR/advanced.config" # absent on purpose: ignore /etc/rabbitmq
  export RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$RMQ_LOG_DIR"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
  export RABBITMQ_PID_FILE="$RMQ_PID_FILE"
  # Loopback only: Erlang distribution and epmd too.
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export ERL_EPMD_ADDRESS=127.0.0.1
}

rmq_ctl() { rabbitmqctl -n "$RMQ_NODE" "$@"; }

# Prints the beam pid if our node runs.
rabbitmq_pid() {
  local pid
  pid="$(read_pid "$RMQ_PID_FILE")"
  if pid_alive "$pid" "rabbit boot"; then echo "$pid"; fi # beam.smp ... -s rabbit boot
}

rmq_require_root() {
  if [ "$(id -u)" != 0 ] && [ "$(id -un)" != rabbitmq ]; then
    fail "rabbitmq: Debian's rabbitmq-server must be started as root (it then runs as user rabbitmq); run with sudo, or skip it: up.sh kafka"
  fi
}

rmq_prepare_dirs() {
  local dir
  dir="$(rmq_dir_default)"
  [ -L "$dir" ] && rm -f "$dir"
  mkdir -p "$dir"
  chown rabbitmq:rabbitmq "$dir"
  if runuser -u rabbitmq -- test -w "$dir"; then
    RMQ_DIR="$dir"
  else
    RMQ_DIR="$(rmq_dir_fallback)"
    warn "rabbitmq: user rabbitmq cannot reach $dir; using $RMQ_DIR (linked as $dir)"
    rm -rf "$dir"
    mkdir -p "$RMQ_DIR"
    ln -sfn "$RMQ_DIR" "$dir"
  fi
  RMQ_PID_FILE="$RMQ_DIR/rabbit.pid"
  RMQ_LAUNCHER_PID_FILE="$RMQ_DIR/launcher.pid"
  RMQ_LOG_DIR="$RMQ_DIR/log"
  RMQ_LOG="$RMQ_LOG_DIR/$RMQ_NODE.log"

  # Fresh node at every up: no queues, users or messages left from earlier runs.
  rm -rf "$RMQ_DIR/mnesia" "$RMQ_LOG_DIR" "$RMQ_DIR/tls" "$RMQ_PID_FILE" "$RMQ_LAUNCHER_PID_FILE"
  mkdir -p "$RMQ_DIR/mnesia" "$RMQ_LOG_DIR" "$RMQ_DIR/tls"
  cp "$CERTS_DIR/ca.crt" "$CERTS_DIR/server.crt" "$CERTS_DIR/server.key" "$RMQ_DIR/tls/"
  chmod 600 "$RMQ_DIR/tls/server.key"
  render "$TEMPLATES_DIR/rabbitmq/rabbitmq.conf.template" "$RMQ_DIR/rabbitmq.conf" TLS_DIR="$RMQ_DIR/tls"
  cp "$TEMPLATES_DIR/rabbitmq/enabled_plugins" "$RMQ_DIR/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$RMQ_DIR"
}

# rabbitmq_start: launch in the background. Sets RMQ_STARTED=1 if it launched.
rabbitmq_start() {
  local pid p
  pid="$(rabbitmq_pid)"
  if [ -n "$pid" ]; then
    log "rabbitmq: already running (pid $pid)"
    return 0
  fi
  pid="$(read_pid "$RMQ_LAUNCHER_PID_FILE")"
  if pid_alive "$pid" rabbitmq-server; then
    log "rabbitmq: already starting (pid $pid)"
    return 0
  fi
  rmq_require_root
  for p in "${RMQ_PORTS[@]}"; do
    if port_open "$p"; then
      fail "rabbitmq: port $HOST:$p is already in use by another process (not started by these scripts; a system RabbitMQ? try: rabbitmqctl stop)"
    fi
  done
  rmq_prepare_dirs
  (
    rmq_env
    # RabbitMQ wants many file descriptors (one per connection/queue file); raise the soft limit.
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    # Not the Debian wrapper /usr/sbin/rabbitmq-server: it switches user with `su`, whose PAM session
    # (pam_limits) resets the open-files soft limit to 1024. setpriv switches to user rabbitmq
    # without PAM, keeping the environment and limits. Foreground mode (not -detached) in the
    # background, so boot errors land in startup.log.
    export HOME=/var/lib/rabbitmq # the Erlang cookie rabbitmqctl uses too
    cd /var/lib/rabbitmq || exit 1
    local drop=()
    [ "$(id -u)" = 0 ] && drop=(setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups)
    setsid "${drop[@]}" "$RMQ_SERVER_BIN" >"$RMQ_LOG_DIR/startup.log" 2>&1 </dev/null 9>&- &
    echo $! >"$RMQ_LAUNCHER_PID_FILE"
  )
  RMQ_STARTED=1
  RMQ_T0="$(now_ms)"
  log "rabbitmq: started node $RMQ_NODE (state in $RMQ_DIR), waiting for the management API"
}

rmq_api() { # rmq_api METHOD PATH [JSON]
  curl -fsS -o /dev/null -u guest:guest -X "$1" -H 'content-type: application/json' \
    ${3:+--data "$3"} "$RMQ_MGMT/api/$2"
}

rabbitmq_wait() {
  local launcher deadline p
  launcher="$(read_pid "$RMQ_LAUNCHER_PID_FILE")"
  deadline=$(($(date +%s) + RMQ_WAIT_SECONDS))
  until curl -fsS -o /dev/null -u guest:guest "$RMQ_MGMT/api/overview" 2>/dev/null; do
    if [ -n "$launcher" ] && ! pid_alive "$launcher" && [ -z "$(rabbitmq_pid)" ]; then
      fail "rabbitmq: the node exited during startup (see $RMQ_LOG_DIR)" "$RMQ_LOG_DIR/startup.log" "$RMQ_LOG"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      fail "rabbitmq: management API $RMQ_MGMT/api/overview did not answer within ${RMQ_WAIT_SECONDS}s" "$RMQ_LOG_DIR/startup.log" "$RMQ_LOG"
    fi
    sleep 0.5
  done
  for p in "${RMQ_PORTS[@]}"; do
    port_open "$p" || fail "rabbitmq: listener $HOST:$p is not open" "$RMQ_LOG"
  done
  [ "$RMQ_STARTED" = 1 ] && log "rabbitmq: ready $(elapsed_since "$RMQ_T0")s after launch"
  return 0
}

# Users, vhost and permissions for the tests (through the management API: fast, no CLI boot).
rabbitmq_provision() {
  local all='{"configure":".*","write":".*","read":".*"}'
  local limited='{"configure":"^limited\\..*","write":"^limited\\..*","read":"^limited\\..*"}'
  {
    rmq_api PUT "users/$BL_USER" "{\"password\":\"$BL_PASSWORD\",\"tags\":\"administrator\"}" &&
      rmq_api PUT "permissions/%2F/$BL_USER" "$all" &&
      rmq_api PUT "vhosts/test-vhost" '{"description":"BrokerLens tests"}' &&
      rmq_api PUT "permissions/test-vhost/$BL_USER" "$all" &&
      rmq_api PUT "permissions/test-vhost/guest" "$all" &&
      rmq_api PUT "users/$BL_LIMITED_USER" "{\"password\":\"$BL_LIMITED_PASSWORD\",\"tags\":\"management\"}" &&
      rmq_api PUT "permissions/%2F/$BL_LIMITED_USER" "$limited"
  } || fail "rabbitmq: creating users/vhost through the management API failed" "$RMQ_LOG"
}

rabbitmq_stop() {
  local pid launcher i p
  pid="$(rabbitmq_pid)"
  launcher="$(read_pid "$RMQ_LAUNCHER_PID_FILE")"
  pid_alive "$launcher" || launcher=""
  if [ -z "$pid" ] && [ -z "$launcher" ] && ! port_open 5672; then
    rm -f "$RMQ_PID_FILE" "$RMQ_LAUNCHER_PID_FILE"
    log "rabbitmq: not running"
    rmq_epmd_cleanup
    return 0
  fi
  log "rabbitmq: stopping node $RMQ_NODE${pid:+ (pid $pid)}"
  # With the pid file argument, rabbitmqctl also waits until the OS process has exited.
  if ! timeout 60 rabbitmqctl -n "$RMQ_NODE" -q stop ${pid:+"$RMQ_PID_FILE"} >/dev/null 2>&1; then
    if [ -z "$pid" ] && [ -z "$launcher" ]; then
      warn "rabbitmq: port 5672 is in use, but not by node $RMQ_NODE started by these scripts; left alone"
      return 0
    fi
    warn "rabbitmq: rabbitmqctl stop failed; terminating the process"
  fi
  for ((i = 0; i < 60; i++)); do
    { [ -n "$pid" ] && pid_alive "$pid"; } || { [ -n "$launcher" ] && pid_alive "$launcher"; } || break
    # shellcheck disable=SC2086  # two optional pids
    [ "$i" = 20 ] && kill -TERM $pid $launcher 2>/dev/null
    sleep 0.5
  done
  for p in $pid $launcher; do
    if pid_alive "$p"; then
      warn "rabbitmq: pid $p still running, sending SIGKILL"
      kill -KILL "$p" 2>/dev/null || true
    fi
  done
  rm -f "$RMQ_PID_FILE" "$RMQ_LAUNCHER_PID_FILE"
  rmq_epmd_cleanup
  log "rabbitmq: stopped"
}

# The Erlang VM starts epmd (port 4369) and leaves it running; stop it when no node is left.
rmq_epmd_cleanup() {
  command -v epmd >/dev/null 2>&1 || return 0
  local names
  names="$(epmd -names 2>/dev/null)" || return 0
  if ! grep -q '^name ' <<<"$names"; then
    epmd -kill >/dev/null 2>&1 || true
  fi
}
