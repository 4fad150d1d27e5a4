/**
 * Splitting the byte stream of one AMQP connection into frames (type, channel, size, payload,
 * frame-end), with the checks RabbitMQ makes before anything is decoded: a frame larger than the
 * negotiated frame_max, or one whose last octet is not frame-end, is a connection error 501
 * FRAME_ERROR (with RabbitMQ's texts). Partial frames wait for more bytes; nothing larger than frame_max is ever buffered.
 */
import { FRAME_END, FRAME_OVERHEAD } from './codec.js';
import { frameError } from './replyCodes.js';

/** Bytes as RabbitMQ prints them in FRAME_ERROR texts (an Erlang binary), e.g. <<0,60,0,10>>. */
export function octets(bytes: Uint8Array): string {
  return `<<${bytes.subarray(0, 80).join(',')}${bytes.length > 80 ? ',...' : ''}>>`;
}

/** One frame as read off the wire. `payload` is a view into the received bytes. */
export interface Frame {
  readonly type: number;
  readonly channel: number;
  readonly payload: Buffer;
}

/** Accumulates received bytes and yields whole frames. */
export class FrameReader {
  private pending: Buffer | undefined;

  /** @param maxFrame the largest frame (payload plus 8 octets) accepted; changes after connection.tune-ok. */
  constructor(public maxFrame: number) {}

  /** Bytes buffered for a frame not yet complete. */
  get buffered(): number {
    return this.pending?.length ?? 0;
  }

  /**
   * Adds received bytes and returns the complete frames in order. Throws a 501 WireError for a
   * frame over the limit or without its frame-end octet; the connection is unusable after that.
   */
  push(chunk: Buffer): Frame[] {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    let offset = 0;
    while (buf.length - offset >= 7) {
      const type = buf[offset]!;
      const channel = buf.readUInt16BE(offset + 1);
      const size = buf.readUInt32BE(offset + 3);
      if (size + FRAME_OVERHEAD > this.maxFrame) {
        throw frameError(`type ${type}, all octets = <<>>: {frame_too_large,${size},${this.maxFrame - FRAME_OVERHEAD}}`);
      }
      const end = offset + 7 + size;
      if (buf.length < end + 1) break;
      if (buf[end] !== FRAME_END) throw frameError(`type ${type}, all octets = ${octets(buf.subarray(offset + 7, end))}: {invalid_frame_end_marker,${buf[end]}}`);
      frames.push({ type, channel, payload: buf.subarray(offset + 7, end) });
      offset = end + 1;
    }
    this.pending = offset < buf.length ? Buffer.from(buf.subarray(offset)) : undefined;
    return frames;
  }
}
