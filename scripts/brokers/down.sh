#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Stop the BrokerLens test brokers started by up.sh. `npm run brokers:down`.
#
#   bash scripts/brokers/down.sh            # both
#   bash scripts/brokers/down.sh kafka      # only Kafka (also: rabbitmq, kafka-cluster)
#
# Idempotent: exits 0 when nothing runs. Data and logs stay in .brokers/ until the next up.
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=certs.sh
source "$BROKERS_SCRIPTS_DIR/certs.sh"
# shellcheck source=rabbitmq.sh
source "$BROKERS_SCRIPTS_DIR/rabbitmq.sh"
# shellcheck source=kafka.sh
source "$BROKERS_SCRIPTS_DIR/kafka.sh"
# shellcheck source=registry.sh
source "$BROKERS_SCRIPTS_DIR/registry.sh"

[ "$#" -eq 0 ] && set -- registry kafka rabbitmq
for arg in "$@"; do
  case "$arg" in
    rabbitmq | kafka | kafka-cluster | registry) ;;
    -h | --help) sed -n '3,8p' "$0"; exit 0 ;;
    *) fail "unknown argument '$arg' (expected: rabbitmq, kafka, kafka-cluster, registry)" ;;
  esac
done

lock_brokers_dir
for arg in "$@"; do
  case "$arg" in
    kafka) kafka_stop ;;
    kafka-cluster) BROKERLENS_BROKERS_LOCKED=1 bash "$BROKERS_SCRIPTS_DIR/kafka-cluster.sh" down ;;
    registry) registry_stop ;;
    rabbitmq)
      if command -v rabbitmqctl >/dev/null 2>&1; then rabbitmq_stop; else log "rabbitmq: not installed, nothing to stop"; fi
      ;;
  esac
done
