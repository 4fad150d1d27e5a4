# shellcheck shell=bash
# Apicurio Registry 2.4.2 (in-memory storage) serving the Confluent Schema Registry API under
# /apis/ccompat/v7, from Maven Central jars assembled by the Quarkus Maven plugin
# (test/brokers/registry/pom.xml). Sourced by up.sh / down.sh. See docs/brokers.md.

REGISTRY_VERSION=2.4.2.Final
REGISTRY_PROJECT="$TEMPLATES_DIR/registry"
REGISTRY_CACHE="$BROKERS_DIR/cache/registry-$REGISTRY_VERSION"
REGISTRY_HOME="$BROKERS_DIR/registry"
REGISTRY_PID_FILE="$REGISTRY_HOME/registry.pid"
REGISTRY_LOG="$REGISTRY_HOME/registry.log"
REGISTRY_PORT=18081
REGISTRY_TLS_PORT=18082
REGISTRY_PATH=/apis/ccompat/v7
REGISTRY_HEAP="${BROKERLENS_REGISTRY_HEAP:--Xms64m -Xmx384m}"
REGISTRY_WAIT_SECONDS="${BROKERLENS_REGISTRY_WAIT_SECONDS:-90}"
REGISTRY_JAR_NAME=brokerlens-test-registry-1-runner.jar

registry_pid() {
  local pid
  pid="$(read_pid "$REGISTRY_PID_FILE")"
  if pid_alive "$pid" "$REGISTRY_JAR_NAME"; then echo "$pid"; fi
}

# Build the runnable registry once (and again when the project's files change): about a minute and
# ~150 MB of jars the first time.
registry_ensure_build() {
  local sum marker="$REGISTRY_CACHE/.complete"
  sum="$(cd "$REGISTRY_PROJECT" && find . -type f | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$sum" ] && [ -f "$REGISTRY_CACHE/app/$REGISTRY_JAR_NAME" ]; then
    return 0
  fi
  log "registry: building Apicurio Registry $REGISTRY_VERSION from Maven Central into $REGISTRY_CACHE"
  local work="$REGISTRY_CACHE/build" mlog="$BROKERS_DIR/cache/mvn-registry-$REGISTRY_VERSION.log"
  rm -rf "$work" "$REGISTRY_CACHE/app"
  mkdir -p "$work"
  cp -r "$REGISTRY_PROJECT/." "$work/"
  # shellcheck disable=SC2086  # BROKERLENS_MVN_ARGS is a list of extra arguments
  mvn -B -q -f "$work/pom.xml" ${BROKERLENS_MVN_ARGS:-} package -DskipTests >"$mlog" 2>&1 ||
    fail "registry: mvn could not build Apicurio Registry $REGISTRY_VERSION" "$mlog"
  [ -f "$work/target/$REGISTRY_JAR_NAME" ] || fail "registry: $REGISTRY_JAR_NAME missing after mvn" "$mlog"
  mkdir -p "$REGISTRY_CACHE/app"
  mv "$work/target/$REGISTRY_JAR_NAME" "$work/target/lib" "$REGISTRY_CACHE/app/"
  rm -rf "$work"
  echo "$sum" >"$marker"
}

registry_ready() {
  curl -fsS --max-time 2 "http://$HOST:$REGISTRY_PORT$REGISTRY_PATH/subjects" >/dev/null 2>&1
}

# registry_start: launch in the background. Sets REGISTRY_STARTED=1 if it launched.
registry_start() {
  local pid p
  pid="$(registry_pid)"
  if [ -n "$pid" ]; then
    log "registry: already running (pid $pid)"
    return 0
  fi
  for p in "$REGISTRY_PORT" "$REGISTRY_TLS_PORT"; do
    port_open "$p" && fail "registry: port $HOST:$p is already in use by another process (not started by these scripts)"
  done
  registry_ensure_build
  rm -rf "$REGISTRY_HOME"
  mkdir -p "$REGISTRY_HOME"
  # In-memory storage: every start is an empty registry. Plain HTTP and TLS (the test CA's server
  # certificate, so tests can check a custom CA and verification) on loopback only.
  # shellcheck disable=SC2086  # REGISTRY_HEAP is a list of JVM flags
  setsid "$(kafka_java)" $REGISTRY_HEAP -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError \
    -Dquarkus.http.host="$HOST" -Dquarkus.http.port="$REGISTRY_PORT" \
    -Dquarkus.http.ssl-port="$REGISTRY_TLS_PORT" \
    -Dquarkus.http.ssl.certificate.file="$CERTS_DIR/server.crt" \
    -Dquarkus.http.ssl.certificate.key-file="$CERTS_DIR/server.key" \
    -Dquarkus.http.insecure-requests=enabled \
    -jar "$REGISTRY_CACHE/app/$REGISTRY_JAR_NAME" \
    >"$REGISTRY_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$REGISTRY_PID_FILE"
  REGISTRY_STARTED=1
  REGISTRY_T0="$(now_ms)"
  log "registry: started Apicurio Registry $REGISTRY_VERSION (pid $!), waiting for $HOST:$REGISTRY_PORT"
}

registry_wait() {
  local pid deadline
  pid="$(read_pid "$REGISTRY_PID_FILE")"
  deadline=$(($(date +%s) + REGISTRY_WAIT_SECONDS))
  until registry_ready; do
    if ! pid_alive "$pid" "$REGISTRY_JAR_NAME"; then
      rm -f "$REGISTRY_PID_FILE"
      fail "registry: the process exited during startup" "$REGISTRY_LOG"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      [ "${REGISTRY_STARTED:-0}" = 1 ] && { registry_stop >/dev/null 2>&1 || true; }
      fail "registry: no answer on $HOST:$REGISTRY_PORT within ${REGISTRY_WAIT_SECONDS}s" "$REGISTRY_LOG"
    fi
    sleep 0.5
  done
  port_open "$REGISTRY_TLS_PORT" || fail "registry: TLS listener $HOST:$REGISTRY_TLS_PORT is not open" "$REGISTRY_LOG"
  [ "${REGISTRY_STARTED:-0}" = 1 ] && log "registry: ready $(elapsed_since "$REGISTRY_T0")s after launch"
  return 0
}

registry_stop() {
  local pid i
  pid="$(registry_pid)"
  if [ -z "$pid" ]; then
    rm -f "$REGISTRY_PID_FILE"
    log "registry: not running"
    return 0
  fi
  log "registry: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    pid_alive "$pid" || break
    sleep 0.25
  done
  pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null
  rm -f "$REGISTRY_PID_FILE"
  log "registry: stopped"
}
