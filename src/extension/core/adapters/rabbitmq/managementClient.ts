/**
 * A small client of the RabbitMQ management HTTP API (used for listing: queues, exchanges, bindings,
 * vhosts, overview). It uses Node's global fetch; only an https URL with a private CA or a client
 * certificate goes through node:https, because fetch cannot take a CA without an extra dependency.
 */
import https from 'node:https';
import type { TlsMaterial } from './config.js';
import { ManagementHttpError, ManagementUnreachableError } from './errors.js';

/** Where and how to reach the management API. */
export interface ManagementOptions {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly timeoutMs: number;
  readonly tls?: TlsMaterial;
}

/** JSON over HTTP with basic auth. Throws ManagementHttpError (non-2xx) or ManagementUnreachableError. */
export class ManagementClient {
  private readonly auth: string;

  constructor(private readonly options: ManagementOptions) {
    this.auth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** GET a JSON document; `path` starts with /api/. */
  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** Any method; `body` is sent as JSON. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.options.baseUrl}${path}`;
    const useHttps = url.startsWith('https:') && this.options.tls && (this.options.tls.ca || this.options.tls.cert || !this.options.tls.rejectUnauthorized);
    const { status, text } = useHttps ? await this.viaHttps(method, url, body) : await this.viaFetch(method, url, body);
    if (status < 200 || status >= 300) throw new ManagementHttpError(status, url, text);
    if (text.length === 0) return undefined as T;
    return JSON.parse(text) as T;
  }

  private async viaFetch(method: string, url: string, body: unknown): Promise<{ status: number; text: string }> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: this.auth, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (cause) {
      throw new ManagementUnreachableError(this.options.baseUrl, cause);
    }
    return { status: response.status, text: await response.text() };
  }

  private viaHttps(method: string, url: string, body: unknown): Promise<{ status: number; text: string }> {
    const tls = this.options.tls!;
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request(
        url,
        {
          method,
          headers: { authorization: this.auth, accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}) },
          ...(tls.ca ? { ca: tls.ca } : {}),
          ...(tls.cert ? { cert: tls.cert } : {}),
          ...(tls.key ? { key: tls.key } : {}),
          ...(tls.passphrase ? { passphrase: tls.passphrase } : {}),
          ...(tls.servername ? { servername: tls.servername } : {}),
          rejectUnauthorized: tls.rejectUnauthorized,
          timeout: this.options.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => reject(new ManagementUnreachableError(this.options.baseUrl, e)));
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('management API timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (e) => reject(new ManagementUnreachableError(this.options.baseUrl, e)));
      if (payload) req.write(payload);
      req.end();
    });
  }
}

/** Path segment for a vhost or resource name ('/' → '%2F'). */
export function seg(name: string): string {
  return encodeURIComponent(name);
}
