/**
 * Turns a RabbitMqConnectionConfig plus its secrets into what amqplib and the management client need.
 * The URL in settings never carries a password; the password comes from SecretStorage.
 */
import { readFile } from 'node:fs/promises';
import type { Options, SocketOptions } from 'amqplib';
import type { ConnectionSecrets, RabbitMqConnectionConfig } from '../../model/connection.js';
import * as l10n from '@vscode/l10n';
import { amqpUrlProblem } from '../../connections/urlChecks.js';
import { BrokerError } from '../../model/errors.js';

/** Everything the adapter needs to open an AMQP connection and talk to the management API. */
export interface ResolvedRabbitConfig {
  readonly name: string;
  readonly protocol: 'amqp' | 'amqps';
  readonly host: string;
  readonly port: number;
  /** Decoded vhost name, '/' when the URL has no path. */
  readonly vhost: string;
  readonly username: string;
  /** Never logged. */
  readonly password: string;
  /** host:port for sentences. */
  readonly address: string;
  readonly managementUrl?: string;
  readonly connectionTimeoutMs: number;
  readonly heartbeatSeconds: number;
  readonly tls: {
    readonly enabled: boolean;
    readonly caFile?: string;
    readonly certFile?: string;
    readonly keyFile?: string;
    readonly keyPassphrase?: string;
    readonly rejectUnauthorized: boolean;
    readonly servername?: string;
  };
}

/** Loaded PEM material for TLS (AMQPS and an https management URL share it). */
export interface TlsMaterial {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly passphrase?: string;
  readonly rejectUnauthorized: boolean;
  readonly servername?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Parses the URL and merges config and secrets; throws 'invalidInput' for a URL that cannot work. */
export function resolveRabbitConfig(config: RabbitMqConnectionConfig, secrets: ConnectionSecrets): ResolvedRabbitConfig {
  // The sentence never repeats the URL: it may carry a password.
  const problem = amqpUrlProblem(config.amqpUrl);
  if (problem) {
    throw new BrokerError('invalidInput', l10n.t('Connecting to "{0}" failed: its AMQP URL cannot be used. {1} Edit the connection to fix it.', config.name, problem));
  }
  const url = new URL(config.amqpUrl.trim());
  const scheme = url.protocol.replace(/:$/, '');
  // TLS is on when the URL says amqps or the connection's TLS settings say so.
  const tlsEnabled = scheme === 'amqps' || config.tls?.enabled === true;
  const protocol = tlsEnabled ? 'amqps' : 'amqp';
  const host = url.hostname.replace(/^\[|\]$/g, '') || 'localhost';
  const port = url.port ? Number(url.port) : tlsEnabled ? 5671 : 5672;
  const username = config.username || decodeURIComponent(url.username) || 'guest';
  // The password belongs in SecretStorage; a password left in the URL is used only as a fallback, and
  // guest's well-known default only when nothing else was given (as amqplib itself does).
  const urlPassword = url.password ? decodeURIComponent(url.password) : undefined;
  const password = secrets.password ?? urlPassword ?? (username === 'guest' ? 'guest' : '');
  // Node's fetch refuses a URL with user info: hand-edited settings get it moved out here too.
  const managementUrl = config.managementUrl ? stripUserInfo(config.managementUrl).replace(/\/+$/, '') : undefined;
  const tls = config.tls;
  return {
    name: config.name,
    protocol,
    host,
    port,
    vhost: vhostFromPath(url.pathname),
    username,
    password,
    address: `${host}:${port}`,
    ...(managementUrl ? { managementUrl } : {}),
    connectionTimeoutMs: config.connectionTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    heartbeatSeconds: 30,
    tls: {
      enabled: tlsEnabled,
      ...(tls?.caFile ? { caFile: tls.caFile } : {}),
      ...(tls?.certFile ? { certFile: tls.certFile } : {}),
      ...(tls?.keyFile ? { keyFile: tls.keyFile } : {}),
      ...(secrets.keyPassphrase ? { keyPassphrase: secrets.keyPassphrase } : {}),
      // Verification stays on unless the user explicitly turned it off for this connection.
      rejectUnauthorized: tls?.rejectUnauthorized !== false,
      ...(tls?.servername ? { servername: tls.servername } : {}),
    },
  };
}

function stripUserInfo(text: string): string {
  try {
    const url = new URL(text);
    if (!url.username && !url.password) return text;
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return text;
  }
}

/** The vhost named by a URL path: '' and '/' mean the default vhost '/', '%2F' decodes to '/'. */
export function vhostFromPath(pathname: string): string {
  const raw = pathname.startsWith('/') ? pathname.slice(1) : pathname;
  if (raw === '') return '/';
  return decodeURIComponent(raw);
}

/** Reads the CA, certificate and key files named in the TLS settings. */
export async function loadTlsMaterial(config: ResolvedRabbitConfig): Promise<TlsMaterial> {
  const read = async (label: string, file: string | undefined): Promise<Buffer | undefined> => {
    if (!file) return undefined;
    try {
      return await readFile(file);
    } catch (cause) {
      throw new BrokerError('invalidInput', `Could not read the ${label} file "${file}" of connection "${config.name}"; check the path in its TLS settings.`, { cause });
    }
  };
  const [ca, cert, key] = await Promise.all([
    read('CA', config.tls.caFile),
    read('client certificate', config.tls.certFile),
    read('client key', config.tls.keyFile),
  ]);
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(config.tls.keyPassphrase ? { passphrase: config.tls.keyPassphrase } : {}),
    rejectUnauthorized: config.tls.rejectUnauthorized,
    ...(config.tls.servername ? { servername: config.tls.servername } : {}),
  };
}

/** amqplib's connect arguments: the URL as an object (so the password never sits in a string) and socket options. */
export function amqplibConnectArgs(config: ResolvedRabbitConfig, tls: TlsMaterial | undefined): { url: Options.Connect; socket: SocketOptions } {
  const url: Options.Connect = {
    protocol: config.protocol,
    hostname: config.host,
    port: config.port,
    username: config.username,
    password: config.password,
    vhost: config.vhost,
    heartbeat: config.heartbeatSeconds,
    locale: 'en_US',
  };
  const socket: SocketOptions = {
    timeout: config.connectionTimeoutMs,
    noDelay: true,
    keepAlive: true,
    // Shown in the management UI's connection list, so an operator sees who is connected.
    clientProperties: { connection_name: `BrokerLens: ${config.name}` },
    ...(config.tls.enabled && tls
      ? {
          ...(tls.ca ? { ca: [tls.ca] } : {}),
          ...(tls.cert ? { cert: tls.cert } : {}),
          ...(tls.key ? { key: tls.key } : {}),
          ...(tls.passphrase ? { passphrase: tls.passphrase } : {}),
          rejectUnauthorized: tls.rejectUnauthorized,
          ...(tls.servername ? { servername: tls.servername } : {}),
        }
      : {}),
  };
  return { url, socket };
}
