/**
 * Snappy and LZ4 codecs for kafkajs, in pure JavaScript (snappyjs, lz4js) so the extension bundle
 * carries no native module. kafkajs ships only gzip; without these, reading a topic written by the
 * Java client or librdkafka with snappy or lz4 fails.
 */
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import * as lz4 from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32.js';
import * as snappy from 'snappyjs';

/** The codec shape kafkajs calls: compress gets its Encoder, decompress a Buffer. */
interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

// The Java client writes snappy in xerial's framing (magic header, then length-prefixed raw blocks);
// librdkafka and kafkajs-snappy write one raw block. Read both; write raw, which every client reads.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;

/** Decompresses raw or xerial-framed snappy. */
export function snappyDecompress(input: Buffer): Buffer {
  if (input.length < XERIAL_HEADER_SIZE || !input.subarray(0, 8).equals(XERIAL_MAGIC)) {
    return asBuffer(snappy.uncompress(input));
  }
  const parts: Buffer[] = [];
  let cursor = XERIAL_HEADER_SIZE;
  while (cursor + 4 <= input.length) {
    const size = input.readInt32BE(cursor);
    cursor += 4;
    parts.push(asBuffer(snappy.uncompress(input.subarray(cursor, cursor + size))));
    cursor += size;
  }
  return Buffer.concat(parts);
}

const snappyCodec: KafkajsCodec = {
  compress: async (encoder) => asBuffer(snappy.compress(encoder.buffer)),
  decompress: async (buffer) => snappyDecompress(buffer),
};

// Kafka's LZ4 is the standard LZ4 frame format, but Kafka refuses frames whose blocks depend on
// earlier blocks ("Dependent block stream is unsupported"), which is what lz4js.compress writes. So
// frames are written here: 64 kB independent blocks (Kafka's own block size), each compressed with a
// fresh match table by lz4js's block compressor. Reading any valid frame is left to lz4js.
const LZ4_MAGIC = 0x184d2204;
const LZ4_BLOCK = 64 * 1024;
const LZ4_FLG = 0x60; // version 01, independent blocks, no checksums, no content size
const LZ4_BD = 4 << 4; // maximum block size 64 kB
const lz4Table = new Uint32Array(1 << 16);
const lz4Scratch = new Uint8Array(lz4.compressBound(LZ4_BLOCK));

/** Compresses into an LZ4 frame Kafka accepts. */
export function lz4CompressFrame(input: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(7);
  header.writeUInt32LE(LZ4_MAGIC, 0);
  header[4] = LZ4_FLG;
  header[5] = LZ4_BD;
  header[6] = (xxh32(0, header, 4, 2) >>> 8) & 0xff;
  parts.push(header);
  for (let start = 0; start < input.length; start += LZ4_BLOCK) {
    const block = input.subarray(start, Math.min(start + LZ4_BLOCK, input.length));
    lz4Table.fill(0);
    const size = lz4.compressBlock(block, lz4Scratch, 0, block.length, lz4Table);
    const prefix = Buffer.alloc(4);
    if (size === 0 || size >= block.length) {
      prefix.writeUInt32LE((0x80000000 | block.length) >>> 0, 0); // stored uncompressed
      parts.push(prefix, Buffer.from(block));
    } else {
      prefix.writeUInt32LE(size, 0);
      parts.push(prefix, Buffer.from(lz4Scratch.subarray(0, size)));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

const lz4Codec: KafkajsCodec = {
  compress: async (encoder) => lz4CompressFrame(encoder.buffer),
  decompress: async (buffer) => asBuffer(lz4.decompress(buffer)),
};

let registered = false;

/** Registers the codecs with kafkajs once per process (its codec table is global). */
export function registerCompressionCodecs(): void {
  if (registered) return;
  const table = CompressionCodecs as unknown as Record<number, () => KafkajsCodec>;
  table[CompressionTypes.Snappy] = () => snappyCodec;
  table[CompressionTypes.LZ4] = () => lz4Codec;
  registered = true;
}
