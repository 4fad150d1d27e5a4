/**
 * SASL/PLAIN for clients configured with credentials: SaslHandshake (v0 with a bare token frame
 * after it, v1 with SaslAuthenticate), then SaslAuthenticate. With no users configured, any
 * username and password are accepted and a client without SASL is let in too; with users
 * configured, requests other than ApiVersions and the SASL ones wait for a successful login.
 * A failed login is answered with SASL_AUTHENTICATION_FAILED and the connection is closed, as a
 * broker does.
 */
import { timingSafeEqual } from 'node:crypto';
import { errorCode } from '../errorCodes.js';
import type { Struct } from '../schema.js';

/** A login the listener accepts. */
export interface KafkaWireUser {
  readonly username: string;
  readonly password: string;
}

const BEFORE_AUTH = new Set(['ApiVersions', 'SaslHandshake', 'SaslAuthenticate']);

/** The SASL state of one connection. */
export class SaslState {
  user: string | undefined;
  expectingRawToken = false;
  private mechanism: string | undefined;

  constructor(private readonly users: readonly KafkaWireUser[] | undefined) {}

  /** May this request run now? */
  allows(api: string): boolean {
    return this.users === undefined || this.user !== undefined || BEFORE_AUTH.has(api);
  }

  handle(api: 'SaslHandshake' | 'SaslAuthenticate', version: number, body: Struct): { response: Struct; closeReason?: string } {
    if (api === 'SaslHandshake') {
      const mechanism = body.mechanism as string;
      if (mechanism !== 'PLAIN') {
        return { response: { errorCode: errorCode('UNSUPPORTED_SASL_MECHANISM'), mechanisms: ['PLAIN'] }, closeReason: `SASL mechanism ${mechanism} is not supported (PLAIN is)` };
      }
      this.mechanism = mechanism;
      this.expectingRawToken = version === 0;
      return { response: { errorCode: 0, mechanisms: ['PLAIN'] } };
    }
    if (this.mechanism === undefined) {
      return { response: { errorCode: errorCode('ILLEGAL_SASL_STATE'), errorMessage: 'SaslAuthenticate before SaslHandshake.', authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 }, closeReason: 'SaslAuthenticate before SaslHandshake' };
    }
    const outcome = this.authenticate(body.authBytes as Buffer);
    if (outcome.error) {
      return { response: { errorCode: errorCode('SASL_AUTHENTICATION_FAILED'), errorMessage: 'Authentication failed: Invalid username or password', authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 }, closeReason: outcome.error };
    }
    return { response: { errorCode: 0, errorMessage: null, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 } };
  }

  /** Checks a PLAIN token: [authzid] NUL authcid NUL passwd. */
  authenticate(token: Buffer): { error?: string } {
    this.expectingRawToken = false;
    const parts = token.toString('utf8').split('\u0000');
    if (parts.length !== 3 || parts[1] === '') return { error: 'malformed SASL/PLAIN token' };
    const [, username, password] = parts as [string, string, string];
    if (this.users !== undefined) {
      const user = this.users.find((u) => u.username === username);
      if (!user || !sameSecret(user.password, password)) return { error: `SASL/PLAIN login of user '${username}' failed` };
    }
    this.user = username;
    return {};
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
