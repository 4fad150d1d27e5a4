/**
 * One client connection of the AMQP listener: the protocol header, the handshake (start/start-ok,
 * tune/tune-ok, open), heartbeats, channel 0, and routing frames to channels. Errors close what
 * AMQP 0-9-1 says they close: a soft error its channel (channel.close), a hard one the connection
 * (connection.close, then the socket after close-ok or a short wait). Anything the peer sends that
 * cannot be parsed ends this connection only, with a log line; the listener and other clients go on.
 */
import type { Socket } from 'node:net';
import type { RabbitBroker } from '../../simulator/rabbitmq/broker.js';
import type { WireConnectionInfo } from '../listener.js';
import { MECHANISMS, authenticate, readCredentials } from './auth.js';
import type { WireUser } from './auth.js';
import { AmqpChannel } from './channel.js';
import type { ChannelHost } from './channel.js';
import {
  FRAME_MIN_SIZE, FrameType, HEARTBEAT_FRAME, Method, PROTOCOL_HEADER, decodeMethod, encodeMethod, isKnownMethod, methodName,
} from './codec.js';
import type { MethodArgs } from './codec.js';
import { FrameReader, octets } from './frames.js';
import type { Frame } from './frames.js';
import {
  Reply, WireError, commandInvalid, frameError, loginRefused, toWireError, vhostNotFound,
} from './replyCodes.js';

/** Log sink of the listener: one line per event worth a user's attention. */
export type WireLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/** Limits and identity a connection works with (resolved listener options). */
export interface ConnectionSettings {
  readonly users: readonly WireUser[];
  readonly frameMax: number;
  readonly channelMax: number;
  readonly heartbeatSeconds: number;
  readonly maxMessageBytes: number;
  readonly handshakeTimeoutMs: number;
  /** How long to wait for connection.close-ok before dropping the socket. */
  readonly closeTimeoutMs: number;
  readonly serverProperties: Readonly<Record<string, unknown>>;
}

type Phase = 'header' | 'start-ok' | 'tune-ok' | 'open' | 'opened' | 'closing' | 'closed';

/** A wire connection. */
export class AmqpConnection implements ChannelHost {
  readonly connectedAt = Date.now();
  frameMax: number;
  user = '';
  cancelNotify = false;
  engineConnection = -1;
  private phase: Phase = 'header';
  private headerBytes: Buffer | undefined;
  private readonly reader: FrameReader;
  private readonly channels = new Map<number, AmqpChannel>();
  private readonly confirmQueue = new Set<AmqpChannel>();
  private channelMax: number;
  private clientId: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private corked = false;
  private lastRead = Date.now();
  private lastWrite = Date.now();
  private stats = { requests: 0, bytesIn: 0, bytesOut: 0, published: 0, delivered: 0 };

  constructor(
    readonly id: string,
    private readonly socket: Socket,
    readonly broker: RabbitBroker,
    private readonly settings: ConnectionSettings,
    private readonly log: WireLog,
    private readonly onClosed: (c: AmqpConnection) => void,
    private readonly onOpened: (c: AmqpConnection) => void,
  ) {
    this.frameMax = settings.frameMax;
    this.channelMax = settings.channelMax;
    this.reader = new FrameReader(settings.frameMax);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => this.log('info', `AMQP ${this.describe()}: socket error ${e.code ?? e.message}`));
    socket.on('close', () => this.onSocketClosed());
    this.timer = setTimeout(() => this.handshakeTimedOut(), settings.handshakeTimeoutMs);
  }

  get maxMessageBytes(): number {
    return this.settings.maxMessageBytes;
  }

  /** host:port of the client. */
  get remote(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
  }

  /** True once connection.open-ok was sent and until it closes. */
  get isOpen(): boolean {
    return this.phase === 'opened';
  }

  info(): WireConnectionInfo {
    return {
      id: this.id, remote: this.remote, clientId: this.clientId, user: this.user || undefined, connectedAt: this.connectedAt, ...this.stats,
    };
  }

  countPublished(): void {
    this.stats.published++;
  }

  countDelivered(): void {
    this.stats.delivered++;
  }

  confirmsPending(channel: AmqpChannel): void {
    this.confirmQueue.add(channel);
  }

  /** Writes a frame; writes made in one turn of the event loop go out together. */
  write(frame: Buffer): void {
    if (this.phase === 'closed' || this.socket.destroyed) return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.stats.bytesOut += frame.length;
    this.lastWrite = Date.now();
    this.socket.write(frame);
  }

  /** Closes the connection from the server side (connection.close, then the socket). */
  close(error: WireError): void {
    if (this.phase === 'closing' || this.phase === 'closed') return;
    this.failConnection(error, 0);
  }

  /** Drops the socket at once. */
  destroy(): void {
    this.socket.destroy();
  }

  // ---- input ----------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    this.stats.bytesIn += chunk.length;
    this.lastRead = Date.now();
    if (this.phase === 'closed') return;
    let method = 0;
    try {
      let data: Buffer | undefined = chunk;
      if (this.phase === 'header') data = this.onProtocolHeader(chunk);
      if (!data || data.length === 0) return;
      for (const frame of this.reader.push(data)) {
        this.stats.requests++;
        method = frame.type === FrameType.METHOD && frame.payload.length >= 4 ? frame.payload.readUInt32BE(0) : 0;
        this.onFrame(frame);
        if ((this.phase as Phase) === 'closed') return;
      }
    } catch (error) {
      if (error instanceof UnknownMethod) {
        this.log('warn', `AMQP ${this.describe()}: connection dropped, it sent an ${error.message}`);
        this.phase = 'closed';
        this.socket.destroy();
        return;
      }
      this.failConnection(toWireError(error), method);
    }
    for (const ch of this.confirmQueue) ch.flushConfirms();
    this.confirmQueue.clear();
  }

  /** Checks the 8-byte protocol header; returns the bytes after it. */
  private onProtocolHeader(chunk: Buffer): Buffer | undefined {
    const buf = this.headerBytes ? Buffer.concat([this.headerBytes, chunk]) : chunk;
    if (buf.length < 8) {
      this.headerBytes = buf;
      return undefined;
    }
    this.headerBytes = undefined;
    if (!buf.subarray(0, 8).equals(PROTOCOL_HEADER)) {
      // AMQP 0-9-1 section 4.2.2: answer with the header we speak and close.
      this.log('warn', `AMQP ${this.describe()}: closed, it did not start with the AMQP 0-9-1 protocol header (got ${JSON.stringify(buf.subarray(0, 8).toString('latin1'))})`);
      this.phase = 'closed';
      this.socket.end(PROTOCOL_HEADER);
      return undefined;
    }
    this.phase = 'start-ok';
    this.write(encodeMethod(Method.ConnectionStart, 0, {
      versionMajor: 0, versionMinor: 9, serverProperties: this.settings.serverProperties, mechanisms: Buffer.from(MECHANISMS.join(' ')), locales: Buffer.from('en_US'),
    }));
    return buf.subarray(8);
  }

  private onFrame(frame: Frame): void {
    if (frame.type !== FrameType.METHOD && frame.type !== FrameType.HEADER && frame.type !== FrameType.BODY && frame.type !== FrameType.HEARTBEAT) {
      throw frameError(`type ${frame.type}, all octets = ${octets(frame.payload)}: unknown_frame`);
    }
    if (frame.type === FrameType.HEARTBEAT) {
      if (frame.channel !== 0) throw frameError(`heartbeat frame on channel ${frame.channel}`);
      return;
    }
    if (this.phase === 'closing') {
      this.whileClosing(frame);
      return;
    }
    if (frame.channel === 0) {
      if (frame.type !== FrameType.METHOD) throw new WireError(Reply.UNEXPECTED_FRAME, `content frame on channel 0`, 'connection');
      const id = readMethodId(frame);
      this.onConnectionMethod(id, decode(id, frame));
      return;
    }
    if (this.phase !== 'opened') throw new WireError(Reply.CHANNEL_ERROR, `frame on channel ${frame.channel} before connection.open`, 'connection');
    this.onChannelFrame(frame);
  }

  private onChannelFrame(frame: Frame): void {
    const n = frame.channel;
    const ch = this.channels.get(n);
    const id = frame.type === FrameType.METHOD ? readMethodId(frame) : 0;
    if (!ch) {
      if (id !== Method.ChannelOpen) {
        if (id === Method.ChannelCloseOk) return;
        throw new WireError(Reply.CHANNEL_ERROR, "expected 'channel.open'", 'connection');
      }
      if (n > this.channelMax) throw new WireError(Reply.NOT_ALLOWED, `channel number ${n} is higher than the negotiated channel_max (${this.channelMax})`, 'connection');
      this.channels.set(n, new AmqpChannel(n, this));
      this.write(encodeMethod(Method.ChannelOpenOk, n, { channelId: Buffer.alloc(0) }));
      return;
    }
    if (ch.phase === 'closing') {
      // After our channel.close everything but close / close-ok is discarded (AMQP 0-9-1 section 2.2.4).
      if (id === Method.ChannelCloseOk) this.channels.delete(n);
      else if (id === Method.ChannelClose) {
        this.channels.delete(n);
        this.write(encodeMethod(Method.ChannelCloseOk, n, {}));
      }
      return;
    }
    try {
      switch (frame.type) {
        case FrameType.METHOD: {
          const args = decode(id, frame);
          if (id === Method.ChannelOpen) throw new WireError(Reply.CHANNEL_ERROR, "second 'channel.open' seen", 'connection');
          if (id === Method.ChannelClose) {
            ch.dispose();
            this.channels.delete(n);
            this.write(encodeMethod(Method.ChannelCloseOk, n, {}));
            return;
          }
          if (id === Method.ChannelCloseOk) return;
          ch.onMethod(id, args);
          return;
        }
        case FrameType.HEADER:
          ch.onHeader(frame.payload);
          return;
        case FrameType.BODY:
          ch.onBody(frame.payload);
          return;
        default:
          return;
      }
    } catch (error) {
      if (error instanceof UnknownMethod) throw error;
      const e = toWireError(error);
      if (e.scope === 'connection') throw e;
      ch.fail(e, id || Method.BasicPublish);
      this.log('info', `AMQP ${this.describe()}: channel ${n} closed by the broker: ${e.message}`);
    }
  }

  // ---- handshake and channel 0 ----------------------------------------------------------------

  private onConnectionMethod(id: number, a: MethodArgs): void {
    switch (this.phase) {
      case 'start-ok':
        if (id !== Method.ConnectionStartOk) throw commandInvalid("expected 'connection.start_ok'");
        this.onStartOk(a);
        return;
      case 'tune-ok':
        if (id !== Method.ConnectionTuneOk) throw commandInvalid("expected 'connection.tune_ok'");
        this.onTuneOk(a);
        return;
      case 'open':
        if (id !== Method.ConnectionOpen) throw commandInvalid("expected 'connection.open'");
        this.onOpen(a);
        return;
      default:
        break;
    }
    switch (id) {
      case Method.ConnectionClose:
        this.write(encodeMethod(Method.ConnectionCloseOk, 0, {}));
        this.shutdown();
        this.phase = 'closing';
        this.socket.end();
        return;
      case Method.ConnectionCloseOk:
        return;
      case Method.ConnectionUpdateSecret:
        this.write(encodeMethod(Method.ConnectionUpdateSecretOk, 0, {}));
        return;
      case Method.ConnectionBlocked:
      case Method.ConnectionUnblocked:
        return;
      default:
        throw commandInvalid(`unexpected ${methodName(id)} on channel 0`);
    }
  }

  private onStartOk(a: MethodArgs): void {
    const props = (a['clientProperties'] ?? {}) as Record<string, unknown>;
    const caps = (props['capabilities'] ?? {}) as Record<string, unknown>;
    this.cancelNotify = caps['consumer_cancel_notify'] === true;
    const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : undefined);
    this.clientId = text(props['connection_name']) ?? text(props['product']);
    const mechanism = String(a['mechanism']);
    const credentials = readCredentials(mechanism, a['response'] as Buffer);
    if (!credentials || !authenticate(this.settings.users, credentials)) {
      this.log('warn', `AMQP ${this.describe()}: login refused for user '${credentials?.username ?? '?'}' (${mechanism})`);
      throw loginRefused(mechanism);
    }
    this.user = credentials.username;
    this.phase = 'tune-ok';
    this.write(encodeMethod(Method.ConnectionTune, 0, { channelMax: this.settings.channelMax, frameMax: this.settings.frameMax, heartbeat: this.settings.heartbeatSeconds }));
  }

  private onTuneOk(a: MethodArgs): void {
    const channelMax = a['channelMax'] as number;
    const frameMax = a['frameMax'] as number;
    const heartbeat = a['heartbeat'] as number;
    // RabbitMQ's validate_negotiated_integer_value/3: 0 means "no limit", which is above any server limit.
    const fail = (field: string, value: number, text: string): WireError =>
      new WireError(Reply.NOT_ALLOWED, `negotiated ${field} = ${value}${value === 0 ? ' (no limit)' : ''} ${text}`, 'connection');
    if (frameMax !== 0 && frameMax < FRAME_MIN_SIZE) throw fail('frame_max', frameMax, `is lower than the minimum allowed value (${FRAME_MIN_SIZE})`);
    if (frameMax === 0 || frameMax > this.settings.frameMax) throw fail('frame_max', frameMax, `is higher than the maximum allowed value (${this.settings.frameMax})`);
    if (channelMax === 0 || channelMax > this.settings.channelMax) throw fail('channel_max', channelMax, `is higher than the maximum allowed value (${this.settings.channelMax})`);
    this.channelMax = channelMax;
    this.frameMax = frameMax;
    this.reader.maxFrame = this.frameMax;
    if (heartbeat > 0) this.startHeartbeat(heartbeat);
    this.phase = 'open';
  }

  private onOpen(a: MethodArgs): void {
    const vhost = String(a['virtualHost']);
    if (vhost !== '/') throw vhostNotFound(vhost);
    this.engineConnection = this.broker.openConnection(`amqp ${this.remote}${this.clientId ? ` (${this.clientId})` : ''}`);
    this.phase = 'opened';
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.write(encodeMethod(Method.ConnectionOpenOk, 0, { knownHosts: '' }));
    this.log('info', `AMQP ${this.describe()}: connected as '${this.user}'`);
    this.onOpened(this);
  }

  // ---- closing --------------------------------------------------------------------------------

  private whileClosing(frame: Frame): void {
    if (frame.channel !== 0 || frame.type !== FrameType.METHOD) return;
    const id = readMethodId(frame);
    if (id === Method.ConnectionClose) this.write(encodeMethod(Method.ConnectionCloseOk, 0, {}));
    if (id === Method.ConnectionClose || id === Method.ConnectionCloseOk) this.socket.end();
  }

  /** A hard error: connection.close goes out, the engine connection closes, the socket follows. */
  private failConnection(e: WireError, causeMethod: number): void {
    if (this.phase === 'closed' || this.phase === 'closing') return;
    const level = e.code === Reply.CONNECTION_FORCED || e.code === Reply.ACCESS_REFUSED || e.code === Reply.NOT_ALLOWED ? 'info' : 'warn';
    this.log(level, `AMQP ${this.describe()}: connection closed by the broker: ${e.message}`);
    const beforeTune = this.phase === 'start-ok' || this.phase === 'header';
    this.shutdown();
    this.phase = 'closing';
    this.write(encodeMethod(Method.ConnectionClose, 0, { replyCode: e.code, replyText: e.replyText, classId: causeMethod >>> 16, methodId: causeMethod & 0xffff }));
    // Before tune the peer may not answer close; RabbitMQ drops such sockets at once too.
    if (beforeTune && e.code !== Reply.ACCESS_REFUSED) this.socket.end();
    this.timer = setTimeout(() => this.socket.destroy(), this.settings.closeTimeoutMs);
  }

  /** Releases channels and the engine connection (unacked messages go back to their queues). */
  private shutdown(): void {
    for (const ch of this.channels.values()) if (ch.phase === 'open') ch.dispose();
    this.channels.clear();
    if (this.engineConnection >= 0) this.broker.closeConnection(this.engineConnection);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private onSocketClosed(): void {
    const was = this.phase;
    this.shutdown();
    this.phase = 'closed';
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (was === 'opened') this.log('info', `AMQP ${this.describe()}: client disconnected`);
    this.onClosed(this);
  }

  private handshakeTimedOut(): void {
    this.timer = undefined;
    if (this.phase === 'opened' || this.phase === 'closed') return;
    this.log('warn', `AMQP ${this.describe()}: closed, the handshake did not finish within ${this.settings.handshakeTimeoutMs} ms`);
    this.phase = 'closed';
    this.socket.destroy();
  }

  private startHeartbeat(seconds: number): void {
    const periodMs = (seconds * 1000) / 2;
    this.heartbeat = setInterval(() => {
      const now = Date.now();
      if (now - this.lastRead > seconds * 2000) {
        this.log('warn', `AMQP ${this.describe()}: missed heartbeats from client, timeout: ${seconds}s`);
        this.socket.destroy();
        return;
      }
      if (now - this.lastWrite >= periodMs) this.write(HEARTBEAT_FRAME);
    }, periodMs);
    this.heartbeat.unref();
  }

  private describe(): string {
    return `${this.id} ${this.remote}${this.clientId ? ` (${this.clientId})` : ''}`;
  }
}

function readMethodId(frame: Frame): number {
  if (frame.payload.length < 4) throw new WireError(Reply.FRAME_ERROR, 'method frame shorter than a method id', 'connection');
  return frame.payload.readUInt32BE(0);
}

/** RabbitMQ drops the socket, without connection.close, for a method id it does not know. */
class UnknownMethod extends Error {}

function decode(id: number, frame: Frame): MethodArgs {
  if (!isKnownMethod(id)) throw new UnknownMethod(`unknown method ${id >>> 16}/${id & 0xffff}`);
  try {
    return decodeMethod(id, frame.payload.subarray(4));
  } catch {
    // RabbitMQ's text: "FRAME_ERROR - cannot decode <<the argument bytes>>".
    throw frameError(`cannot decode ${octets(frame.payload.subarray(4))}`);
  }
}
