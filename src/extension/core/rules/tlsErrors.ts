/**
 * Node's TLS verification failures (the `code` of the socket error), by what the user has to fix:
 * the CA that signed the certificate, its validity dates, or the host name it is issued for. The
 * Kafka and RabbitMQ adapters and the schema registry client name the same failures the same way.
 */

/** What a TLS verification failure asks the user to fix. */
export type TlsProblem = 'untrusted' | 'expired' | 'hostname';

const PROBLEMS: Readonly<Record<string, TlsProblem>> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  CERT_UNTRUSTED: 'untrusted',
  CERT_SIGNATURE_FAILURE: 'untrusted',
  CERT_REVOKED: 'untrusted',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname',
  HOSTNAME_MISMATCH: 'hostname',
};

/** The problem a socket error code names, or undefined when it is not a TLS verification failure. */
export function tlsProblemOf(code: string | undefined): TlsProblem | undefined {
  return code === undefined ? undefined : PROBLEMS[code];
}
