# shellcheck shell=bash
# Apache Kafka (KRaft, single combined node) from Maven Central jars. Sourced by up.sh / down.sh.

KAFKA_VERSION="${BROKERLENS_KAFKA_VERSION:-4.4.0}"
KAFKA_POM="$TEMPLATES_DIR/kafka/pom.xml"
KAFKA_CACHE="$BROKERS_DIR/cache/kafka-$KAFKA_VERSION"
KAFKA_LIB="$KAFKA_CACHE/lib"
KAFKA_HOME="$BROKERS_DIR/kafka"
KAFKA_CONFIG="$KAFKA_HOME/config/server.properties"
KAFKA_DATA="$KAFKA_HOME/data"
KAFKA_LOGS="$KAFKA_HOME/logs"
KAFKA_PID_FILE="$KAFKA_HOME/kafka.pid"
KAFKA_HEAP="${BROKERLENS_KAFKA_HEAP:--Xms256m -Xmx768m}"
KAFKA_PORTS=(9092 9093 9094 9095)
KAFKA_WAIT_SECONDS="${BROKERLENS_KAFKA_WAIT_SECONDS:-60}"
KAFKA_MAIN_CLASS=kafka.Kafka

kafka_java() { if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else echo java; fi; }

kafka_pid() {
  local pid
  pid="$(read_pid "$KAFKA_PID_FILE")"
  if pid_alive "$pid" "$KAFKA_MAIN_CLASS"; then echo "$pid"; fi
}

# Resolve the broker + tools jars once per version (and again if pom.xml changes).
kafka_ensure_jars() {
  local pom_sum marker="$KAFKA_CACHE/.complete"
  pom_sum="$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$pom_sum" ] && ls "$KAFKA_LIB"/kafka_2.13-*.jar >/dev/null 2>&1; then
    return 0
  fi
  log "kafka: resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION + kafka-tools with Maven into $KAFKA_LIB"
  local tmp="$KAFKA_CACHE/lib.tmp" mlog="$BROKERS_DIR/cache/mvn-kafka-$KAFKA_VERSION.log"
  mkdir -p "$KAFKA_CACHE"
  rm -rf "$tmp"
  # shellcheck disable=SC2086  # BROKERLENS_MVN_ARGS is a list of extra arguments
  mvn -B -q -f "$KAFKA_POM" -Dkafka.version="$KAFKA_VERSION" ${BROKERLENS_MVN_ARGS:-} \
    dependency:copy-dependencies -DoutputDirectory="$tmp" -DincludeScope=runtime >"$mlog" 2>&1 ||
    fail "kafka: mvn could not resolve Kafka $KAFKA_VERSION from Maven Central" "$mlog"
  ls "$tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || fail "kafka: kafka_2.13-$KAFKA_VERSION.jar missing after mvn" "$mlog"
  rm -rf "$KAFKA_LIB"
  mv "$tmp" "$KAFKA_LIB"
  echo "$pom_sum" >"$marker"
}

# The storage tool moved between releases: kafka.tools.StorageTool (Scala, 3.x-4.x) or
# org.apache.kafka.tools.StorageTool. Find it by file name in the jars' zip directories.
kafka_storage_tool_class() {
  local cls
  for cls in kafka.tools.StorageTool org.apache.kafka.tools.StorageTool; do
    if grep -lqaF "${cls//./\/}.class" "$KAFKA_LIB"/*.jar 2>/dev/null; then echo "$cls"; return 0; fi
  done
  fail "kafka: no StorageTool class in $KAFKA_LIB"
}

# kafka_tool CLASS ARGS...: run a Kafka command-line tool class with the cached jars.
# Default JVM flags favour a fast start (short admin commands); kafka-tool.sh uses normal ones.
KAFKA_TOOL_OPTS="${BROKERLENS_KAFKA_TOOL_OPTS:--Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
kafka_tool() {
  # shellcheck disable=SC2086  # KAFKA_TOOL_OPTS is a list of JVM flags
  "$(kafka_java)" $KAFKA_TOOL_OPTS \
    -Dlog4j2.configurationFile="$TEMPLATES_DIR/kafka/tools-log4j2.xml" \
    -cp "$KAFKA_LIB/*" "$@"
}

kafka_ready() {
  # A metadata request that lists our (unfenced) broker.
  kcat -b "$HOST:9092" -L -m 3 2>/dev/null | grep -q '1 brokers:'
}

# kafka_start: prepare and launch in the background. Sets KAFKA_STARTED=1 if it launched.
kafka_start() {
  local pid
  pid="$(kafka_pid)"
  if [ -n "$pid" ]; then
    log "kafka: already running (pid $pid)"
    return 0
  fi
  local p
  for p in "${KAFKA_PORTS[@]}"; do
    port_open "$p" && fail "kafka: port $HOST:$p is already in use by another process (not started by these scripts)"
  done
  kafka_ensure_jars

  rm -rf "$KAFKA_DATA" "$KAFKA_LOGS"
  mkdir -p "$KAFKA_DATA" "$KAFKA_LOGS" "$(dirname "$KAFKA_CONFIG")"
  render "$TEMPLATES_DIR/kafka/server.properties.template" "$KAFKA_CONFIG" \
    KAFKA_VERSION="$KAFKA_VERSION" DATA_DIR="$KAFKA_DATA" CERTS_DIR="$CERTS_DIR" \
    STORE_PASSWORD="$BL_STORE_PASSWORD" USER="$BL_USER" PASSWORD="$BL_PASSWORD" \
    LIMITED_USER="$BL_LIMITED_USER" LIMITED_PASSWORD="$BL_LIMITED_PASSWORD"

  local tool flog="$KAFKA_LOGS/format.log" mech scram=()
  tool="$(kafka_storage_tool_class)"
  KAFKA_CLUSTER_ID="$(kafka_tool "$tool" random-uuid 2>>"$flog" | tail -n 1)"
  [[ "$KAFKA_CLUSTER_ID" =~ ^[A-Za-z0-9_-]{22}$ ]] || fail "kafka: $tool random-uuid printed no cluster id" "$flog"
  for mech in SCRAM-SHA-256 SCRAM-SHA-512; do
    scram+=(--add-scram "$mech=[name=$BL_USER,password=$BL_PASSWORD]")
    scram+=(--add-scram "$mech=[name=$BL_LIMITED_USER,password=$BL_LIMITED_PASSWORD]")
  done
  kafka_tool "$tool" format -t "$KAFKA_CLUSTER_ID" -c "$KAFKA_CONFIG" --standalone "${scram[@]}" >>"$flog" 2>&1 ||
    fail "kafka: storage format failed" "$flog"
  echo "$KAFKA_CLUSTER_ID" >"$KAFKA_HOME/cluster-id"

  # setsid: own session and process group, so a Ctrl-C in the calling terminal does not reach it.
  # shellcheck disable=SC2086  # KAFKA_HEAP is a list of JVM flags
  setsid "$(kafka_java)" $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dkafka.logs.dir="$KAFKA_LOGS" \
    -Dlog4j2.configurationFile="$TEMPLATES_DIR/kafka/log4j2.xml" \
    -cp "$KAFKA_LIB/*" "$KAFKA_MAIN_CLASS" "$KAFKA_CONFIG" \
    >"$KAFKA_LOGS/kafka.out" 2>&1 </dev/null 9>&- &
  echo $! >"$KAFKA_PID_FILE"
  KAFKA_STARTED=1
  KAFKA_T0="$(now_ms)"
  log "kafka: started $KAFKA_VERSION (pid $!, cluster id $KAFKA_CLUSTER_ID), waiting for 127.0.0.1:9092"
}

kafka_wait() {
  local pid deadline p
  pid="$(read_pid "$KAFKA_PID_FILE")"
  deadline=$(($(date +%s) + KAFKA_WAIT_SECONDS))
  until kafka_ready; do
    if ! pid_alive "$pid" "$KAFKA_MAIN_CLASS"; then
      rm -f "$KAFKA_PID_FILE"
      fail "kafka: the broker process exited during startup (see $KAFKA_LOGS)" "$KAFKA_LOGS/kafka.out" "$KAFKA_LOGS/server.log"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      [ "$KAFKA_STARTED" = 1 ] && { kafka_stop >/dev/null 2>&1 || true; }
      fail "kafka: no metadata answer on $HOST:9092 within ${KAFKA_WAIT_SECONDS}s" "$KAFKA_LOGS/kafka.out" "$KAFKA_LOGS/server.log"
    fi
    sleep 0.5
  done
  for p in "${KAFKA_PORTS[@]}"; do
    port_open "$p" || fail "kafka: listener $HOST:$p is not open" "$KAFKA_LOGS/server.log"
  done
  [ "$KAFKA_STARTED" = 1 ] && log "kafka: ready $(elapsed_since "$KAFKA_T0")s after launch"
  return 0
}

kafka_stop() {
  local pid i
  pid="$(kafka_pid)"
  if [ -z "$pid" ]; then
    rm -f "$KAFKA_PID_FILE"
    log "kafka: not running"
    return 0
  fi
  log "kafka: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do # 30 s for a controlled shutdown
    pid_alive "$pid" || break
    sleep 0.5
  done
  if pid_alive "$pid"; then
    warn "kafka: still running after 30 s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do pid_alive "$pid" || break; sleep 0.25; done
  fi
  rm -f "$KAFKA_PID_FILE"
  log "kafka: stopped"
}
