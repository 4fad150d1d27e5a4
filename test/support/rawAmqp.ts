/**
 * A raw AMQP 0-9-1 peer for tests that must send what no client library would (malformed frames,
 * methods out of order): it speaks through the listener's own codec and reads the server's frames.
 */
import net from 'node:net';
import { FRAME_END, FrameType, Method, PROTOCOL_HEADER, decodeMethod, encodeMethod } from '../../src/extension/core/wire/amqp/codec.js';

/** A frame the server sent, with the method decoded when it is one. */
export interface ServerFrame {
  readonly type: number;
  readonly channel: number;
  readonly method?: number;
  readonly args?: Record<string, unknown>;
}

/** A socket with the server's frames collected as they arrive. */
export class RawPeer {
  readonly frames: ServerFrame[] = [];
  closed = false;
  private buf = Buffer.alloc(0);
  private readonly closedPromise: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    this.closedPromise = new Promise((resolve) => socket.on('close', () => {
      this.closed = true;
      resolve();
    }));
  }

  static connect(port: number): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => resolve(new RawPeer(s)));
      s.once('error', reject);
    });
  }

  /** Header, start-ok (PLAIN guest/guest), tune-ok, open, and channel 1 opened. */
  static async open(port: number, heartbeat = 0): Promise<RawPeer> {
    const p = await RawPeer.connect(port);
    p.send(PROTOCOL_HEADER);
    await p.waitFor(Method.ConnectionStart);
    p.send(encodeMethod(Method.ConnectionStartOk, 0, { clientProperties: {}, mechanism: 'PLAIN', response: Buffer.from('\0guest\0guest'), locale: 'en_US' }));
    await p.waitFor(Method.ConnectionTune);
    p.send(encodeMethod(Method.ConnectionTuneOk, 0, { channelMax: 2047, frameMax: 131072, heartbeat }));
    p.send(encodeMethod(Method.ConnectionOpen, 0, { virtualHost: '/', capabilities: '', insist: false }));
    await p.waitFor(Method.ConnectionOpenOk);
    p.send(encodeMethod(Method.ChannelOpen, 1, { outOfBand: '' }));
    await p.waitFor(Method.ChannelOpenOk);
    return p;
  }

  send(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Resolves with the first frame (from now or already received) carrying `method`; rejects after `ms`. */
  async waitFor(method: number, ms = 2000): Promise<ServerFrame> {
    const end = Date.now() + ms;
    for (;;) {
      const f = this.frames.find((x) => x.method === method);
      if (f) return f;
      if (this.closed || Date.now() > end) throw new Error(`no ${method} from the server (closed: ${this.closed})`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Resolves true once the server closed the socket, false if still open after `ms`. */
  async waitClosed(ms: number): Promise<boolean> {
    return Promise.race([this.closedPromise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
  }

  /** The reply code of the server's connection.close, if it sent one. */
  get connectionCloseCode(): number | undefined {
    return this.frames.find((f) => f.method === Method.ConnectionClose)?.args?.['replyCode'] as number | undefined;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      if (this.buf.length >= 8 && this.buf.subarray(0, 4).toString('latin1') === 'AMQP') {
        this.frames.push({ type: -1, channel: 0 });
        this.buf = this.buf.subarray(8);
        continue;
      }
      if (this.buf.length < 7) return;
      const size = this.buf.readUInt32BE(3);
      if (this.buf.length < 8 + size) return;
      const type = this.buf[0]!;
      const channel = this.buf.readUInt16BE(1);
      if (this.buf[7 + size] !== FRAME_END) throw new Error('the server sent a frame without frame end');
      const payload = this.buf.subarray(7, 7 + size);
      if (type === FrameType.METHOD) {
        const method = payload.readUInt32BE(0);
        this.frames.push({ type, channel, method, args: decodeMethod(method, payload.subarray(4)) });
      } else this.frames.push({ type, channel });
      this.buf = this.buf.subarray(8 + size);
    }
  }
}

/** A raw frame with any type, channel, declared size and end octet (for malformed input). */
export function rawFrame(type: number, channel: number, payload: Buffer, options: { size?: number; end?: number } = {}): Buffer {
  const head = Buffer.alloc(7);
  head[0] = type;
  head.writeUInt16BE(channel, 1);
  head.writeUInt32BE(options.size ?? payload.length, 3);
  return Buffer.concat([head, payload, Buffer.from([options.end ?? FRAME_END])]);
}
