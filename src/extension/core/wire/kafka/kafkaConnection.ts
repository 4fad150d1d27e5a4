/**
 * One client connection of the Kafka listener: size-prefixed frames in, requests handled strictly
 * one after another (a broker mutes a connection while a request is in flight, so responses keep
 * request order), responses out. A frame that breaks the protocol closes the connection with a log
 * line; other connections never notice.
 */
import type net from 'node:net';
import type { WireConnectionInfo } from '../listener.js';
import { requestHeaderVersion, responseHeaderVersion, SERVED, type ServedApi } from './apis.js';
import { WireFormatError, WireReader, WireWriter } from './bytes.js';
import type { ConnectionCounters, Handler, RequestContext } from './context.js';
import { errorCode } from './errorCodes.js';
import { decodeMessage, encodeMessage, type Struct } from './schema.js';
import { SaslState } from './handlers/sasl.js';
import type { KafkaListenerCore } from './listenerCore.js';

/** socket.request.max.bytes: a larger frame is refused before it is buffered. */
export const MAX_FRAME_BYTES = 100 * 1024 * 1024;
/** Frames waiting behind a long request; past this the client is not following the protocol. */
const MAX_QUEUED_FRAMES = 1000;

/** A connection of the Kafka listener. */
export class KafkaConnection {
  readonly id: string;
  readonly remote: string;
  readonly connectedAt = Date.now();
  clientId: string | undefined;
  requests = 0;
  bytesIn = 0;
  bytesOut = 0;
  readonly counters: ConnectionCounters = { published: 0, delivered: 0 };
  private readonly sasl: SaslState;
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Size of the frame being received, or -1 before its length prefix. */
  private expected = -1;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private isClosed = false;
  private readonly closeHooks = new Set<() => void>();

  constructor(readonly socket: net.Socket, id: string, private readonly core: KafkaListenerCore) {
    this.id = id;
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    this.sasl = new SaslState(core.users);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (error) => this.close(`socket error: ${error.message}`, false));
    socket.on('close', () => this.close(undefined, false));
  }

  get user(): string | undefined {
    return this.sasl.user;
  }

  info(): WireConnectionInfo {
    const base = { id: this.id, remote: this.remote, connectedAt: this.connectedAt, requests: this.requests, bytesIn: this.bytesIn, bytesOut: this.bytesOut, published: this.counters.published, delivered: this.counters.delivered };
    return { ...base, ...(this.clientId !== undefined ? { clientId: this.clientId } : {}), ...(this.sasl.user !== undefined ? { user: this.sasl.user } : {}) };
  }

  /** Closes the connection; `reason` (when given) goes to the log. */
  close(reason: string | undefined, log = true): void {
    if (this.isClosed) return;
    this.isClosed = true;
    if (reason && log) this.core.log.warn(`kafka listener: closing ${this.remote}${this.clientId ? ` (${this.clientId})` : ''}: ${reason}`);
    for (const hook of [...this.closeHooks]) hook();
    this.closeHooks.clear();
    this.chunks = [];
    this.queue.length = 0;
    this.socket.destroy();
    this.core.removed(this);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  private onData(chunk: Buffer): void {
    if (this.isClosed) return;
    this.bytesIn += chunk.length;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < 4) break;
        if (this.chunks[0]!.length < 4) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
        const size = this.chunks[0]!.readInt32BE(0);
        if (size < 8 || size > MAX_FRAME_BYTES) {
          this.close(`frame size ${size} is outside [8, ${MAX_FRAME_BYTES}]; not a Kafka client, or a corrupt stream`);
          return;
        }
        this.expected = size;
      }
      // Chunks are joined only once the whole frame is here, so a large frame costs one copy.
      if (this.buffered < 4 + this.expected) break;
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
      const frame = all.subarray(4, 4 + this.expected);
      const rest = all.subarray(4 + this.expected);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.expected = -1;
      if (this.queue.length >= MAX_QUEUED_FRAMES) {
        this.close(`more than ${MAX_QUEUED_FRAMES} requests queued without reading responses`);
        return;
      }
      this.queue.push(frame);
    }
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.isClosed && this.queue.length > 0) await this.handle(this.queue.shift()!);
    } finally {
      this.busy = false;
    }
  }

  private async handle(frame: Buffer): Promise<void> {
    this.requests++;
    if (this.sasl.expectingRawToken) {
      // SaslHandshake v0: the next frame is a bare SASL token, answered by a bare token.
      const outcome = this.sasl.authenticate(frame);
      if (outcome.error) return this.close(outcome.error);
      return this.writeFrame(Buffer.alloc(0));
    }
    const r = new WireReader(frame);
    let apiKey: number;
    let version: number;
    let correlationId: number;
    try {
      apiKey = r.int16();
      version = r.int16();
      correlationId = r.int32();
    } catch {
      return this.close('request header shorter than 8 bytes');
    }
    const api = SERVED.get(apiKey);
    if (!api) return this.close(`API key ${apiKey} (version ${version}) is not served by the simulator; the client should not send an API that ApiVersions did not list`);
    const inRange = version >= api.min && version <= api.max;
    if (!inRange && api.name === 'ApiVersions') {
      // KIP-511: a too-new ApiVersions gets a v0 response with UNSUPPORTED_VERSION and the ranges.
      return this.respond(api, 0, correlationId, { errorCode: errorCode('UNSUPPORTED_VERSION'), apiKeys: apiKeys() });
    }
    let body: Struct;
    try {
      const flexibleHeader = inRange ? requestHeaderVersion(api, version) === 2 : version >= api.request.flexible;
      const len = r.int16();
      const clientId = len < 0 ? null : r.string(len);
      if (clientId !== null) this.clientId = clientId;
      if (flexibleHeader) skipTaggedFields(r);
      if (!inRange) {
        this.core.log.warn(`kafka listener: ${this.remote}${this.clientId ? ` (${this.clientId})` : ''} sent ${api.name} v${version}; the simulator serves v${api.min}-v${api.max}`);
        return this.unsupported(api, version, correlationId);
      }
      body = decodeMessage(api.request, version, r);
    } catch (error) {
      if (error instanceof WireFormatError) return this.close(`malformed ${api.name} v${version} request: ${error.message}`);
      throw error;
    }
    if (!this.sasl.allows(api.name)) return this.close(`${api.name} before SASL authentication, which this listener requires`);
    if (api.name === 'SaslHandshake' || api.name === 'SaslAuthenticate') {
      const answer = this.sasl.handle(api.name, version, body);
      this.respond(api, version, correlationId, answer.response);
      if (answer.closeReason) this.close(answer.closeReason);
      return;
    }
    const ctx = this.context(version);
    let response: Struct | undefined;
    try {
      response = await (this.core.handlers[api.name] as Handler)(body, ctx);
    } catch (error) {
      this.core.log.error(`kafka listener: ${api.name} v${version} from ${this.remote} failed`, error);
      return this.close(`internal error in ${api.name}: ${(error as Error).message}`);
    }
    if (response !== undefined && !this.isClosed) this.respond(api, version, correlationId, response);
  }

  /** A version outside the served range: the API's error code set to UNSUPPORTED_VERSION where the schema has one. */
  private unsupported(api: ServedApi, version: number, correlationId: number): void {
    const valid = version >= api.response.valid[0] && version <= api.response.valid[1];
    const hasErrorCode = api.response.fields.some((f) => f.n === 'errorCode' && f.v !== null && version >= f.v[0] && version <= f.v[1]);
    if (!valid || !hasErrorCode) return this.close(`${api.name} v${version} is not served and its response has no error code to say so`);
    this.respond(api, version, correlationId, { errorCode: errorCode('UNSUPPORTED_VERSION') });
  }

  private respond(api: ServedApi, version: number, correlationId: number, body: Struct): void {
    if (this.isClosed) return;
    const w = new WireWriter(256);
    w.int32(0);
    w.int32(correlationId);
    if (responseHeaderVersion(api, version) === 1) w.uvarint(0);
    encodeMessage(api.response, version, body, w);
    w.patchInt32(0, w.pos - 4);
    this.writeFrame(w.finish(), true);
  }

  /** Writes a response; `sized` when it already starts with its length. */
  private writeFrame(bytes: Buffer, sized = false): void {
    let out = bytes;
    if (!sized) {
      out = Buffer.allocUnsafe(4 + bytes.length);
      out.writeInt32BE(bytes.length, 0);
      bytes.copy(out, 4);
    }
    this.bytesOut += out.length;
    this.socket.write(out);
    this.core.changed();
  }

  private context(version: number): RequestContext {
    const socket = this.socket;
    return {
      cluster: this.core.cluster,
      groups: this.core.groups,
      fetchWaiters: this.core.fetchWaiters,
      version,
      clientId: this.clientId ?? '',
      clientHost: socket.remoteAddress ?? '',
      advertised: { host: this.core.advertisedHost(socket), port: socket.localPort ?? 0 },
      counters: this.counters,
      closed: () => this.isClosed,
      onClose: (fn) => {
        this.closeHooks.add(fn);
        return () => this.closeHooks.delete(fn);
      },
    };
  }
}

function apiKeys(): Struct[] {
  return [...SERVED.values()].sort((a, b) => a.key - b.key).map((a) => ({ apiKey: a.key, minVersion: a.min, maxVersion: a.max }));
}

function skipTaggedFields(r: WireReader): void {
  const n = r.uvarint();
  for (let i = 0; i < n; i++) {
    r.uvarint();
    r.skip(r.uvarint());
  }
}
