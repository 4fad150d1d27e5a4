/**
 * The management API's availability. Without it the adapter runs in AMQP-only mode: publishing,
 * reading queues by name, declaring, binding, purging and dead-letter moves work over AMQP; listing
 * (vhosts, queues, exchanges, bindings), the routing explainer and message rates need the API.
 * A failed probe is retried at most every RETRY_MS, so a management plugin enabled later is picked up.
 */
import { BrokerError } from '../../model/errors.js';
import type { ResolvedRabbitConfig, TlsMaterial } from './config.js';
import { toBrokerError } from './errors.js';
import { ManagementClient, seg } from './managementClient.js';
import { TopologyReader } from './topology.js';

const RETRY_MS = 15_000;

/** What only the management API gives, for the AMQP-only note. */
export const NEEDS_MANAGEMENT = 'listing vhosts, queues, exchanges and bindings, queue counts, the routing explainer and message rates';
/** What keeps working without it. */
export const WORKS_WITHOUT = 'publishing, browsing a queue by name (streams by offset, classic and quorum queues by peek), declaring, binding, purging and dead-letter moves still work over AMQP';

/** Owns the management client and remembers why it is unavailable. */
export class ManagementAccess {
  private client: ManagementClient | undefined;
  private reader: TopologyReader | undefined;
  private problem: BrokerError | undefined;
  private checkedAt = 0;

  constructor(private readonly config: ResolvedRabbitConfig) {}

  /** Sets up the client and probes it once; never throws (a failure means AMQP-only mode). */
  async start(tls: TlsMaterial | undefined): Promise<void> {
    if (!this.config.managementUrl) return;
    this.client = new ManagementClient({
      baseUrl: this.config.managementUrl,
      username: this.config.username,
      password: this.config.password,
      timeoutMs: Math.min(this.config.connectionTimeoutMs, 5000),
      ...(tls ? { tls } : {}),
    });
    this.reader = new TopologyReader(this.client, this.config.vhost);
    await this.probe();
  }

  stop(): void {
    this.client = undefined;
    this.reader = undefined;
    this.problem = undefined;
  }

  private async probe(): Promise<void> {
    this.checkedAt = Date.now();
    try {
      await this.client!.get('/api/whoami');
      this.problem = undefined;
    } catch (error) {
      this.problem = toBrokerError(error, { action: `Reaching the management API at ${this.config.managementUrl}`, username: this.config.username });
    }
  }

  /** True when the last probe (or call) succeeded. */
  get available(): boolean {
    return this.reader !== undefined && this.problem === undefined;
  }

  /** One sentence for overview.notes when AMQP-only, else undefined. */
  note(): string | undefined {
    if (!this.config.managementUrl) {
      return `AMQP-only mode: connection "${this.config.name}" has no management URL, so ${NEEDS_MANAGEMENT} are unavailable; ${WORKS_WITHOUT}. Add the management URL (e.g. http://${this.config.host}:15672) to enable them.`;
    }
    if (this.problem) {
      return `AMQP-only mode: ${this.problem.message.replace(/\.$/, '')}. Until it answers, ${NEEDS_MANAGEMENT} are unavailable; ${WORKS_WITHOUT}.`;
    }
    return undefined;
  }

  /** The reader for a listing call, or a BrokerError saying why listing is unavailable. */
  async require(action: string): Promise<TopologyReader> {
    if (!this.reader && this.config.managementUrl) {
      // Not connected (or the connect failed): the URL is there, the session is not.
      throw new BrokerError('disconnected', `${action} failed: the RabbitMQ connection "${this.config.name}" is not open; connect first.`);
    }
    if (!this.reader || !this.config.managementUrl) {
      throw new BrokerError(
        'managementUnavailable',
        `${action} needs the RabbitMQ management API, and connection "${this.config.name}" has no management URL; add one (e.g. http://${this.config.host}:15672). Meanwhile ${WORKS_WITHOUT}.`,
      );
    }
    if (this.problem && Date.now() - this.checkedAt >= RETRY_MS) await this.probe();
    if (this.problem) {
      throw new BrokerError(
        this.problem.code === 'authFailed' ? 'authFailed' : 'managementUnavailable',
        `${action} is unavailable: ${lowerFirst(this.problem.message)} Meanwhile ${WORKS_WITHOUT}.`,
        { cause: this.problem },
      );
    }
    return this.reader;
  }

  /** Runs a listing call and maps its errors (remembering an unreachable API for the note). */
  async call<T>(action: string, work: (reader: TopologyReader) => Promise<T>): Promise<T> {
    const reader = await this.require(action);
    try {
      return await work(reader);
    } catch (error) {
      const mapped = toBrokerError(error, { action, username: this.config.username, vhost: this.config.vhost });
      if (mapped.code === 'managementUnavailable') {
        this.problem = mapped;
        this.checkedAt = Date.now();
      }
      throw mapped;
    }
  }

  /** True / false when management can tell whether the vhost exists; undefined when it cannot. */
  async vhostExists(tls: TlsMaterial | undefined): Promise<boolean | undefined> {
    if (!this.config.managementUrl) return undefined;
    const client = this.client ?? new ManagementClient({
      baseUrl: this.config.managementUrl,
      username: this.config.username,
      password: this.config.password,
      timeoutMs: Math.min(this.config.connectionTimeoutMs, 5000),
      ...(tls ? { tls } : {}),
    });
    try {
      await client.get(`/api/vhosts/${seg(this.config.vhost)}`);
      return true;
    } catch (error) {
      const status = (error as { status?: number }).status;
      return status === 404 ? false : undefined;
    }
  }
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}
