#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Run any Kafka command-line tool class with the Maven-resolved jars of the test broker's version
# (resolving them first if needed). Examples:
#
#   bash scripts/brokers/kafka-tool.sh org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
#   bash scripts/brokers/kafka-tool.sh org.apache.kafka.tools.ProducerPerformance --topic t \
#     --num-records 100000 --record-size 100 --throughput -1 --producer-props bootstrap.servers=127.0.0.1:9092
#   bash scripts/brokers/kafka-tool.sh org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server 127.0.0.1:9092 --topic t --from-beginning
#
# JVM flags: BROKERLENS_KAFKA_TOOL_OPTS (default -Xmx512m). Logging: warnings to stderr.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=certs.sh
source "$BROKERS_SCRIPTS_DIR/certs.sh"
export BROKERLENS_KAFKA_TOOL_OPTS="${BROKERLENS_KAFKA_TOOL_OPTS:--Xmx512m}"
# shellcheck source=kafka.sh
source "$BROKERS_SCRIPTS_DIR/kafka.sh"
[ "$#" -ge 1 ] || { sed -n '3,11p' "$0"; exit 2; }
command -v mvn >/dev/null 2>&1 || ensure_packages mvn=maven
kafka_ensure_jars >&2
# shellcheck disable=SC2086  # KAFKA_TOOL_OPTS is a list of JVM flags
exec "$(kafka_java)" $KAFKA_TOOL_OPTS -Dlog4j2.configurationFile="$TEMPLATES_DIR/kafka/tools-log4j2.xml" -cp "$KAFKA_LIB/*" "$@"
