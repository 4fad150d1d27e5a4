#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR disable=SC2016  # the bash -c snippets get their values as "$1"..., on purpose
# Smoke test of the running test brokers (after up.sh): every listener, user and refusal that the
# tests rely on. Prints one PASS/FAIL line per check and "N passed, N failed"; exits 1 on a failure.
#
#   bash scripts/brokers/check.sh            # both; or: check.sh kafka / check.sh rabbitmq
#
# Clients: kcat (librdkafka) where it can, Kafka's own Java tools for SCRAM (see docs/brokers.md:
# Debian 12's librdkafka 2.0.2 cannot do SCRAM against Kafka 4.x), curl and openssl for RabbitMQ.
set -uo pipefail

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=certs.sh
source "$BROKERS_SCRIPTS_DIR/certs.sh"
# shellcheck source=kafka.sh
source "$BROKERS_SCRIPTS_DIR/kafka.sh"

want_kafka=0
want_rabbitmq=0
[ "$#" -eq 0 ] && set -- kafka rabbitmq
for arg in "$@"; do
  case "$arg" in
    kafka) want_kafka=1 ;;
    rabbitmq) want_rabbitmq=1 ;;
    *) fail "unknown argument '$arg' (expected: rabbitmq, kafka)" ;;
  esac
done

passed=0
failed=0
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# check NAME CMD...: PASS if CMD exits 0.
check() {
  local name="$1"; shift
  if "$@" >"$TMP/out" 2>&1; then
    printf 'PASS %s\n' "$name"; passed=$((passed + 1))
  else
    printf 'FAIL %s\n' "$name"; sed 's/^/     | /' "$TMP/out" | tail -n 8; failed=$((failed + 1))
  fi
}
# output_has PATTERN CMD...: CMD's combined output matches PATTERN (its exit code is ignored).
output_has() {
  local pattern="$1"; shift
  local out
  out="$("$@" 2>&1)"
  printf '%s\n' "$out"
  grep -qE -- "$pattern" <<<"$out"
}

B="$HOST"
CA="$CERTS_DIR/ca.crt"
TOPIC="brokerlens-smoke-$$"
MSG="hello-$$-$RANDOM"
SASL=(-X security.protocol=SASL_PLAINTEXT)
SSL=(-X security.protocol=SSL -X "ssl.ca.location=$CA")
MTLS=("${SSL[@]}" -X "ssl.certificate.location=$CERTS_DIR/client.crt" -X "ssl.key.location=$CERTS_DIR/client.key")

java_client_props() { # java_client_props MECHANISM USER PASSWORD > file
  local module=scram.ScramLoginModule
  [ "$1" = PLAIN ] && module=plain.PlainLoginModule
  printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=%s\nsasl.jaas.config=org.apache.kafka.common.security.%s required username="%s" password="%s";\n' \
    "$1" "$module" "$2" "$3"
}
topics_as() { # topics_as MECHANISM USER PASSWORD: list topics with Kafka's Java AdminClient over SASL
  java_client_props "$@" >"$TMP/client.properties"
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$B:9094" \
    --command-config "$TMP/client.properties" --list
}

if [ "$want_kafka" = 1 ]; then
echo "== Kafka"
check "kcat metadata on PLAINTEXT 9092" output_has '1 brokers:' kcat -b "$B:9092" -L -m 10
check "create topic $TOPIC (Java TopicCommand)" kafka_tool org.apache.kafka.tools.TopicCommand \
  --bootstrap-server "$B:9092" --create --topic "$TOPIC" --partitions 1 --replication-factor 1
check "kcat produce on 9092" bash -c 'printf "%s\n" "$1" | kcat -P -b "$2" -t "$3" -X message.timeout.ms=10000' _ "$MSG" "$B:9092" "$TOPIC"
check "kcat consume it back on 9092" output_has "^$MSG\$" kcat -C -b "$B:9092" -t "$TOPIC" -o beginning -c 1 -e -q
check "unknown topic is not auto-created" output_has 'Unknown topic or partition' kcat -b "$B:9092" -L -t no-such-topic-$$ -m 10
check "kcat SASL PLAIN brokerlens on 9094" output_has '1 brokers:' kcat -b "$B:9094" "${SASL[@]}" \
  -X sasl.mechanisms=PLAIN -X "sasl.username=$BL_USER" -X "sasl.password=$BL_PASSWORD" -L -m 10
check "kcat SASL PLAIN wrong password refused" output_has 'Authentication failed' timeout 20 kcat -b "$B:9094" "${SASL[@]}" \
  -X sasl.mechanisms=PLAIN -X "sasl.username=$BL_USER" -X sasl.password=wrong -L -m 5
check "Java SCRAM-SHA-256 brokerlens on 9094" output_has "$TOPIC" topics_as SCRAM-SHA-256 "$BL_USER" "$BL_PASSWORD"
check "Java SCRAM-SHA-512 brokerlens on 9094" output_has "$TOPIC" topics_as SCRAM-SHA-512 "$BL_USER" "$BL_PASSWORD"
check "Java SCRAM-SHA-256 wrong password refused" output_has 'invalid credentials' topics_as SCRAM-SHA-256 "$BL_USER" wrong
check "kcat SSL 9095 with the CA" output_has '1 brokers:' kcat -b "$B:9095" "${SSL[@]}" -L -m 10
check "kcat SSL 9095 without the CA fails verification" output_has 'certificate verify failed' timeout 20 kcat -b "$B:9095" -X security.protocol=SSL -L -m 5
check "kcat mTLS 9095 (CN=brokerlens -> super user) produce" bash -c 'printf "mtls\n" | kcat -P -b "$1" "${@:3}" -t "$2" -X message.timeout.ms=10000' _ "$B:9095" "$TOPIC" "${MTLS[@]}"
check "limited user: produce refused (TOPIC_AUTHORIZATION_FAILED)" output_has 'Topic authorization failed' \
  bash -c 'printf "x\n" | timeout 30 kcat -P -b "$1" -t "$2" "${@:3}" -X message.timeout.ms=10000' _ "$B:9094" "$TOPIC" \
  "${SASL[@]}" -X sasl.mechanisms=PLAIN -X "sasl.username=$BL_LIMITED_USER" -X "sasl.password=$BL_LIMITED_PASSWORD"
check "limited user: consumer group refused (GROUP_AUTHORIZATION_FAILED)" output_has 'Group authorization failed' \
  timeout 30 kcat -C -b "$B:9094" "${SASL[@]}" -X sasl.mechanisms=PLAIN -X "sasl.username=$BL_LIMITED_USER" \
  -X "sasl.password=$BL_LIMITED_PASSWORD" -G "brokerlens-smoke-group-$$" "$TOPIC" -c 1 -e
check "delete topic $TOPIC" kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$B:9092" --delete --topic "$TOPIC"

fi

if [ "$want_rabbitmq" = 1 ]; then
echo "== RabbitMQ"
M="http://$B:15672/api"
check "management API as guest" curl -fsS -o /dev/null -u guest:guest "$M/overview"
check "management API as $BL_USER" curl -fsS -o /dev/null -u "$BL_USER:$BL_PASSWORD" "$M/overview"
check "management API wrong password -> 401" output_has '^401$' curl -s -o /dev/null -w '%{http_code}' -u "$BL_USER:wrong" "$M/overview"
check "vhost test-vhost, $BL_USER permitted" output_has '"vhost":"test-vhost"' curl -fsS -u guest:guest "$M/users/$BL_USER/permissions"
check "limited: may declare limited.* queue" curl -fsS -o /dev/null -u "$BL_LIMITED_USER:$BL_LIMITED_PASSWORD" \
  -H 'content-type: application/json' -X PUT --data '{"auto_delete":true}' "$M/queues/%2F/limited.smoke-$$"
check "limited: other queue refused" output_has '^401$' curl -s -o /dev/null -w '%{http_code}' -u "$BL_LIMITED_USER:$BL_LIMITED_PASSWORD" \
  -H 'content-type: application/json' -X PUT --data '{}' "$M/queues/%2F/other.smoke-$$"
check "limited: publish to amq.default -> ACCESS_REFUSED" output_has 'ACCESS_REFUSED' curl -s -u "$BL_LIMITED_USER:$BL_LIMITED_PASSWORD" \
  -H 'content-type: application/json' -X POST \
  --data '{"properties":{},"routing_key":"x","payload":"x","payload_encoding":"string"}' "$M/exchanges/%2F/amq.default/publish"
curl -fsS -o /dev/null -u guest:guest -X DELETE "$M/queues/%2F/limited.smoke-$$" 2>/dev/null || true
check "AMQP 5672 answers with its protocol header" output_has '^AMQP' bash -c 'exec 3<>/dev/tcp/127.0.0.1/5672; printf "AMQP\x01\x01\x00\x0a" >&3; timeout 5 head -c 4 <&3'
check "AMQPS 5671 verifies with the CA" output_has 'Verify return code: 0' \
  bash -c 'openssl s_client -connect 127.0.0.1:5671 -CAfile "$1" -verify_hostname localhost -verify_return_error </dev/null' _ "$CA"
check "AMQPS 5671 accepts the client cert" output_has 'Verify return code: 0' \
  bash -c 'openssl s_client -connect 127.0.0.1:5671 -CAfile "$1" -cert "$2" -key "$3" -verify_return_error </dev/null' _ "$CA" "$CERTS_DIR/client.crt" "$CERTS_DIR/client.key"
check "stream listener 5552 open" port_open 5552
check "overview lists amqp, amqp/ssl, http, stream listeners" output_has '"protocol":"stream"' curl -fsS -u guest:guest "$M/overview"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
