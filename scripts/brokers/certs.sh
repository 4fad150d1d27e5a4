# shellcheck shell=bash
# Test PKI for the TLS listeners (Kafka SSL 9095, RabbitMQ AMQPS 5671). Sourced by up.sh.
#
# .brokers/certs/
#   ca.crt ca.key                 self-signed CA "BrokerLens Test CA"
#   server.crt server.key         CN=localhost, SAN DNS:localhost, IP:127.0.0.1, signed by the CA
#   client.crt client.key         CN=brokerlens (mutual-TLS client; Kafka maps it to User:brokerlens)
#   server.keystore.p12           server key + chain for Kafka (PKCS12, password $BL_STORE_PASSWORD)
#   truststore.p12                the CA for Kafka (PKCS12, made by keytool so Java trusts it)
# All PEM keys are unencrypted PKCS#8. Generated once; regenerated only if a file is missing or a
# cert expires within a day.

CERTS_DIR="$BROKERS_DIR/certs"
CERT_FILES=(ca.crt ca.key server.crt server.key client.crt client.key server.keystore.p12 truststore.p12)

certs_ok() {
  local f
  for f in "${CERT_FILES[@]}"; do [ -s "$CERTS_DIR/$f" ] || return 1; done
  for f in ca.crt server.crt client.crt; do
    openssl x509 -checkend 86400 -noout -in "$CERTS_DIR/$f" >/dev/null 2>&1 || return 1
  done
}

certs_ensure() {
  if certs_ok; then
    return 0
  fi
  log "generating test CA, server and client certificates in $CERTS_DIR"
  local tmp="$CERTS_DIR.tmp" clog="$BROKERS_DIR/certs.log"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  (
    set -e
    cd "$tmp"
    umask 077
    openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days 3650 \
      -keyout ca.key -out ca.crt -subj "/O=BrokerLens/CN=BrokerLens Test CA" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -addext "subjectKeyIdentifier=hash"

    cat >server.ext <<'EOF'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
authorityKeyIdentifier=keyid
EOF
    cat >client.ext <<'EOF'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
authorityKeyIdentifier=keyid
EOF
    openssl req -new -nodes -newkey rsa:2048 -keyout server.key -out server.csr -subj "/O=BrokerLens/CN=localhost"
    openssl x509 -req -sha256 -days 3650 -in server.csr -CA ca.crt -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" \
      -extfile server.ext -out server.crt
    openssl req -new -nodes -newkey rsa:2048 -keyout client.key -out client.csr -subj "/O=BrokerLens/CN=$BL_USER"
    openssl x509 -req -sha256 -days 3650 -in client.csr -CA ca.crt -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" \
      -extfile client.ext -out client.crt
    openssl verify -CAfile ca.crt server.crt client.crt

    # Kafka (Java) stores. The keystore from openssl; the truststore from keytool, because Java only
    # trusts certificates in a PKCS12 file that carry its "trusted key usage" attribute.
    openssl pkcs12 -export -name localhost -in server.crt -inkey server.key -certfile ca.crt \
      -out server.keystore.p12 -passout "pass:$BL_STORE_PASSWORD"
    keytool -importcert -noprompt -alias brokerlens-test-ca -file ca.crt \
      -keystore truststore.p12 -storetype PKCS12 -storepass "$BL_STORE_PASSWORD"
    keytool -list -keystore server.keystore.p12 -storetype PKCS12 -storepass "$BL_STORE_PASSWORD" | grep -q PrivateKeyEntry
    rm -f server.csr client.csr server.ext client.ext
    chmod 644 ./*.crt
  ) >"$clog" 2>&1 || fail "certificate generation failed" "$clog"
  rm -rf "$CERTS_DIR"
  mv "$tmp" "$CERTS_DIR"
}
