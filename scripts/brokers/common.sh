# shellcheck shell=bash disable=SC2034  # the constants are used by the scripts that source this file
# Shared helpers for scripts/brokers/*.sh. Sourced, never run.
#
# Everything the test brokers write lives under $BROKERS_DIR (<repo>/.brokers, git-ignored):
#   .brokers/env                      KEY=VALUE lines for tests (written by up.sh)
#   .brokers/cache/kafka-<ver>/lib    Kafka jars resolved by Maven (kept across runs)
#   .brokers/certs/                   test CA, server and client certs (kept across runs)
#   .brokers/kafka/{config,data,logs} Kafka broker (data and logs wiped at every up)
#   .brokers/rabbitmq/                RabbitMQ node, owned by user rabbitmq (mnesia and logs wiped at every up)

BROKERS_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BROKERS_SCRIPTS_DIR/../.." && pwd)"
BROKERS_DIR="${BROKERLENS_BROKERS_DIR:-$REPO_ROOT/.brokers}"
TEMPLATES_DIR="$REPO_ROOT/test/brokers"

# Fixed test identities (documented in docs/brokers.md). Test-only secrets, loopback-only brokers.
BL_USER=brokerlens
BL_PASSWORD=brokerlens-secret
BL_LIMITED_USER=limited
BL_LIMITED_PASSWORD=limited-secret
BL_STORE_PASSWORD=brokerlens-store   # PKCS12 keystore/truststore password

HOST=127.0.0.1

log()  { printf '[brokers] %s\n' "$*"; }
warn() { printf '[brokers] WARNING: %s\n' "$*" >&2; }
# fail "<one-line reason>" [logfile...]: print the reason, the tail of each log, and exit 1.
fail() {
  local reason="$1"; shift
  printf '[brokers] ERROR: %s\n' "$reason" >&2
  local f
  for f in "$@"; do
    if [ -s "$f" ]; then
      printf -- '----- last 40 lines of %s -----\n' "$f" >&2
      tail -n 40 "$f" >&2
      printf -- '-----\n' >&2
    fi
  done
  exit 1
}

now_ms() { date +%s%3N; }
elapsed_since() { awk -v ms="$(($(now_ms) - $1))" 'BEGIN { printf "%.1f", ms / 1000 }'; }

# port_open PORT: true if something accepts TCP connections on 127.0.0.1:PORT (no ss/netstat needed).
port_open() {
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

# pid_alive PID [cmdline-substring]: process exists (and its command line contains the substring).
pid_alive() {
  local pid="$1" needle="${2:-}"
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  [ -z "$needle" ] && return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$needle"
}

read_pid() { if [ -f "$1" ]; then tr -dc '0-9' <"$1"; fi; }

# render TEMPLATE OUT KEY=VALUE...: copy TEMPLATE to OUT replacing every @@KEY@@ with VALUE.
render() {
  local template="$1" out="$2" content kv key value
  shift 2
  content="$(cat "$template")"
  for kv in "$@"; do
    key="${kv%%=*}"
    value="${kv#*=}"
    content="${content//"@@${key}@@"/"$value"}"
  done
  if grep -q '@@[A-Z_]*@@' <<<"$content"; then
    fail "unreplaced placeholder in $template: $(grep -o '@@[A-Z_]*@@' <<<"$content" | head -1)"
  fi
  printf '%s\n' "$content" >"$out"
}

# ensure_packages CMD=PKG...: install (apt-get) the Debian packages whose command is missing.
ensure_packages() {
  local missing=() kv
  for kv in "$@"; do
    command -v "${kv%%=*}" >/dev/null 2>&1 || missing+=("${kv#*=}")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    fail "missing packages: ${missing[*]} (run as root or: sudo apt-get install -y ${missing[*]})"
  fi
  log "installing with apt-get: ${missing[*]} (waits for the dpkg lock if another apt-get is running)"
  local aptlog="$BROKERS_DIR/apt.log"
  mkdir -p "$BROKERS_DIR"
  {
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update &&
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "${missing[@]}"
  } >"$aptlog" 2>&1 || fail "apt-get install ${missing[*]} failed" "$aptlog"
}

# One up.sh/down.sh at a time (a second one waits for the first).
lock_brokers_dir() {
  mkdir -p "$BROKERS_DIR"
  exec 9>"$BROKERS_DIR/.lock"
  if ! flock -n 9; then
    log "another up.sh/down.sh is running; waiting for it"
    flock -w 600 9 || fail "timed out waiting for $BROKERS_DIR/.lock"
  fi
}
