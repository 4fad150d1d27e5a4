/**
 * Bounds-checked big-endian reading and growable writing of Kafka protocol primitives (ints,
 * unsigned varints, zig-zag varints and varlongs). Every read checks the bytes left, so a malformed
 * frame fails with a WireFormatError instead of reading past its end.
 */

/** Thrown for bytes that do not follow the protocol; the server closes the connection for it. */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

/** Reads one frame. */
export class WireReader {
  pos: number;

  constructor(readonly buf: Buffer, start = 0, readonly end = buf.length) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): number {
    if (n < 0 || this.pos + n > this.end) throw new WireFormatError(`Frame ends early: ${n} more bytes needed at ${this.pos}, ${this.end - this.pos} left.`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  int8(): number { return this.buf.readInt8(this.need(1)); }
  int16(): number { return this.buf.readInt16BE(this.need(2)); }
  uint16(): number { return this.buf.readUInt16BE(this.need(2)); }
  int32(): number { return this.buf.readInt32BE(this.need(4)); }
  uint32(): number { return this.buf.readUInt32BE(this.need(4)); }
  float64(): number { return this.buf.readDoubleBE(this.need(8)); }

  /** int64 as a number: exact up to 2^53, which offsets, timestamps and producer ids stay within. */
  int64(): number {
    const at = this.need(8);
    const hi = this.buf.readInt32BE(at);
    const lo = this.buf.readUInt32BE(at + 4);
    return hi * 4294967296 + lo;
  }

  /** Unsigned LEB128 varint (lengths, counts, tags). */
  uvarint(): number {
    let result = 0;
    let factor = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.buf[this.need(1)]!;
      result += (b & 0x7f) * factor;
      if ((b & 0x80) === 0) return result;
      factor *= 128;
    }
    throw new WireFormatError('Varint longer than 5 bytes.');
  }

  /** Zig-zag varlong (record fields); exact up to 2^53. */
  varlong(): number {
    let result = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.buf[this.need(1)]!;
      result += (b & 0x7f) * factor;
      if ((b & 0x80) === 0) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      factor *= 128;
    }
    throw new WireFormatError('Varlong longer than 10 bytes.');
  }

  /** A view (no copy) of the next n bytes. */
  bytes(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  string(n: number): string {
    const at = this.need(n);
    return this.buf.toString('utf8', at, at + n);
  }

  skip(n: number): void {
    this.need(n);
  }

  /** A reader over the next n bytes; this one moves past them. */
  sub(n: number): WireReader {
    const at = this.need(n);
    return new WireReader(this.buf, at, at + n);
  }
}

/** Writes into a buffer that doubles as needed. */
export class WireWriter {
  private buf: Buffer;
  pos = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int8(v: number): void { this.room(1); this.buf.writeInt8(v, this.pos); this.pos += 1; }
  int16(v: number): void { this.room(2); this.buf.writeInt16BE(v, this.pos); this.pos += 2; }
  uint16(v: number): void { this.room(2); this.buf.writeUInt16BE(v, this.pos); this.pos += 2; }
  int32(v: number): void { this.room(4); this.buf.writeInt32BE(v | 0, this.pos); this.pos += 4; }
  uint32(v: number): void { this.room(4); this.buf.writeUInt32BE(v >>> 0, this.pos); this.pos += 4; }
  float64(v: number): void { this.room(8); this.buf.writeDoubleBE(v, this.pos); this.pos += 8; }

  int64(v: number): void {
    this.room(8);
    this.buf.writeBigInt64BE(BigInt.asIntN(64, BigInt(Math.trunc(v))), this.pos);
    this.pos += 8;
  }

  uvarint(v: number): void {
    this.room(5);
    let x = v >>> 0;
    while (x >= 0x80) {
      this.buf[this.pos++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    this.buf[this.pos++] = x;
  }

  /** Zig-zag varint of a 32-bit int. */
  varint(v: number): void {
    this.uvarint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  /** Zig-zag varlong (exact up to 2^53). */
  varlong(v: number): void {
    this.room(10);
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    while (z >= 128) {
      this.buf[this.pos++] = (z % 128) | 0x80;
      z = Math.floor(z / 128);
    }
    this.buf[this.pos++] = z;
  }

  raw(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Writes an int32 at an earlier position (a length or CRC filled in afterwards). */
  patchInt32(at: number, v: number): void {
    this.buf.writeInt32BE(v | 0, at);
  }

  patchUInt32(at: number, v: number): void {
    this.buf.writeUInt32BE(v >>> 0, at);
  }

  /** The bytes written so far between two positions (a view). */
  view(from: number, to = this.pos): Buffer {
    return this.buf.subarray(from, to);
  }

  /** The bytes written (a view, valid until the next write). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
