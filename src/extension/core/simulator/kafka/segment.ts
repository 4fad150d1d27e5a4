/**
 * One log segment, stored compactly: per-record fields live in typed arrays grouped in blocks of
 * 4096 records, and key/value bytes are copied into append-only byte chunks owned by the segment.
 * A million records cost a few hundred typed arrays instead of millions of objects; growing never
 * copies (a new block is added), deleting a segment frees its memory in one step, and a byte view
 * handed to a reader stays valid because chunks are never overwritten.
 */
import type { KafkaHeader } from './recordSize.js';

const BLOCK_SHIFT = 12;
const BLOCK = 1 << BLOCK_SHIFT;
const BLOCK_MASK = BLOCK - 1;
const FIRST_BLOCK = 32;
const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 1024 * 1024;
const NO_HORIZON = -1;

/** Per-record fields of up to 4096 records. Only a segment's first block starts smaller and grows. */
class Block {
  offsets: Float64Array;
  timestamps: Float64Array;
  /** Modelled bytes of each record, the batch header included on the first record of a batch. */
  sizes: Int32Array;
  chunkIds: Int32Array;
  dataOffs: Int32Array;
  keyLens: Int32Array;
  valueLens: Int32Array;

  constructor(capacity: number) {
    // One ArrayBuffer per block, viewed seven ways: the garbage collector tracks one buffer, not seven.
    const buffer = new ArrayBuffer(capacity * 36);
    this.offsets = new Float64Array(buffer, 0, capacity);
    this.timestamps = new Float64Array(buffer, capacity * 8, capacity);
    this.sizes = new Int32Array(buffer, capacity * 16, capacity);
    this.chunkIds = new Int32Array(buffer, capacity * 20, capacity);
    this.dataOffs = new Int32Array(buffer, capacity * 24, capacity);
    this.keyLens = new Int32Array(buffer, capacity * 28, capacity);
    this.valueLens = new Int32Array(buffer, capacity * 32, capacity);
  }

  get capacity(): number {
    return this.offsets.length;
  }

  grownTo(capacity: number): Block {
    const b = new Block(capacity);
    b.offsets.set(this.offsets);
    b.timestamps.set(this.timestamps);
    b.sizes.set(this.sizes);
    b.chunkIds.set(this.chunkIds);
    b.dataOffs.set(this.dataOffs);
    b.keyLens.set(this.keyLens);
    b.valueLens.set(this.valueLens);
    return b;
  }
}

/** A segment of one partition's log. Offsets only grow; after compaction they may have gaps. */
export class Segment {
  readonly baseOffset: number;
  /** Virtual time the segment was created (time retention uses it for an empty segment). */
  readonly createdAt: number;
  count = 0;
  /** Modelled size on disk (record batch format v2), what segment.bytes and retention.bytes measure. */
  bytes = 0;
  /** Largest record timestamp: time retention compares it with retention.ms (LogSegment.largestTimestamp). */
  maxTimestamp = -1;
  /** Max timestamp of the first batch, the base for segment.ms rolls (LogSegment.rollingBasedTimestamp). */
  rollTimestamp = -1;
  /** Exclusive upper bound of the offsets this segment covers; cleaning keeps it when it drops records. */
  endOffset: number;
  /** True while offsets are baseOffset, baseOffset+1, ...: lookups are then arithmetic. */
  contiguous = true;

  private readonly blocks: Block[];
  private headerLists: (readonly KafkaHeader[] | undefined)[] | undefined;
  /** Per-record tombstone delete horizon (KIP-534), set only by the cleaner. */
  private horizons: Float64Array | undefined;
  private readonly chunks: Uint8Array[] = [];
  private chunk: Uint8Array = new Uint8Array(0);
  private chunkPos = 0;

  constructor(baseOffset: number, createdAt: number, capacityHint = FIRST_BLOCK) {
    this.baseOffset = baseOffset;
    this.endOffset = baseOffset;
    this.createdAt = createdAt;
    this.blocks = [new Block(Math.min(BLOCK, Math.max(1, capacityHint)))];
  }

  /** Appends one record; the caller has assigned its offset and computed its size. */
  append(offset: number, timestamp: number, key: Uint8Array | null, value: Uint8Array | null,
    headers: readonly KafkaHeader[] | undefined, size: number): void {
    const i = this.count;
    const slot = i & BLOCK_MASK;
    let block = this.blocks[i >>> BLOCK_SHIFT];
    if (block === undefined) {
      block = new Block(BLOCK);
      this.blocks.push(block);
    } else if (slot === block.capacity) {
      // Only the first block is ever smaller than BLOCK; it doubles until it reaches it.
      block = block.grownTo(Math.min(BLOCK, block.capacity * 2));
      this.blocks[i >>> BLOCK_SHIFT] = block;
    }
    if (offset !== this.baseOffset + i) this.contiguous = false;
    const keyLen = key === null ? -1 : key.length;
    const valueLen = value === null ? -1 : value.length;
    const keyBytes = keyLen > 0 ? keyLen : 0;
    const need = keyBytes + (valueLen > 0 ? valueLen : 0);
    if (this.chunkPos + need > this.chunk.length) this.newChunk(need);
    const pos = this.chunkPos;
    if (keyLen > 0) this.chunk.set(key!, pos);
    if (valueLen > 0) this.chunk.set(value!, pos + keyBytes);
    this.chunkPos = pos + need;
    block.offsets[slot] = offset;
    block.timestamps[slot] = timestamp;
    block.sizes[slot] = size;
    block.chunkIds[slot] = this.chunks.length - 1;
    block.dataOffs[slot] = pos;
    block.keyLens[slot] = keyLen;
    block.valueLens[slot] = valueLen;
    if (headers !== undefined && headers.length > 0) {
      if (this.headerLists === undefined) this.headerLists = [];
      this.headerLists[i] = headers;
    }
    this.count = i + 1;
    this.bytes += size;
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
    this.endOffset = offset + 1;
  }

  /** Copies record `i` of `source` (used by the cleaner), keeping its offset, timestamp and size. */
  appendFrom(source: Segment, i: number, horizon: number): void {
    this.append(source.offsetAt(i), source.timestampAt(i), source.keyAt(i), source.valueAt(i), source.headersAt(i), source.sizeAt(i));
    if (horizon !== NO_HORIZON) {
      const at = this.count - 1;
      if (this.horizons === undefined || at >= this.horizons.length) {
        const h = new Float64Array(Math.max(FIRST_BLOCK, (at + 1) * 2)).fill(NO_HORIZON);
        if (this.horizons) h.set(this.horizons);
        this.horizons = h;
      }
      this.horizons[at] = horizon;
    }
  }

  offsetAt(i: number): number {
    return this.blocks[i >>> BLOCK_SHIFT]!.offsets[i & BLOCK_MASK]!;
  }

  timestampAt(i: number): number {
    return this.blocks[i >>> BLOCK_SHIFT]!.timestamps[i & BLOCK_MASK]!;
  }

  sizeAt(i: number): number {
    return this.blocks[i >>> BLOCK_SHIFT]!.sizes[i & BLOCK_MASK]!;
  }

  /** Key length of record `i`; -1 for a null key. */
  keyLengthAt(i: number): number {
    return this.blocks[i >>> BLOCK_SHIFT]!.keyLens[i & BLOCK_MASK]!;
  }

  /** Value length of record `i`; -1 for a tombstone. */
  valueLengthAt(i: number): number {
    return this.blocks[i >>> BLOCK_SHIFT]!.valueLens[i & BLOCK_MASK]!;
  }

  /** The key bytes of record `i` (a read-only view), or null. */
  keyAt(i: number): Uint8Array | null {
    const b = this.blocks[i >>> BLOCK_SHIFT]!;
    const slot = i & BLOCK_MASK;
    const len = b.keyLens[slot]!;
    if (len < 0) return null;
    const off = b.dataOffs[slot]!;
    return this.chunks[b.chunkIds[slot]!]!.subarray(off, off + len);
  }

  /** The value bytes of record `i` (a read-only view), or null for a tombstone. */
  valueAt(i: number): Uint8Array | null {
    const b = this.blocks[i >>> BLOCK_SHIFT]!;
    const slot = i & BLOCK_MASK;
    const len = b.valueLens[slot]!;
    if (len < 0) return null;
    const off = b.dataOffs[slot]! + Math.max(0, b.keyLens[slot]!);
    return this.chunks[b.chunkIds[slot]!]!.subarray(off, off + len);
  }

  headersAt(i: number): readonly KafkaHeader[] | undefined {
    return this.headerLists?.[i];
  }

  /** Tombstone delete horizon of record `i`, or -1 when the cleaner has not set one. */
  horizonAt(i: number): number {
    return this.horizons === undefined || i >= this.horizons.length ? NO_HORIZON : this.horizons[i]!;
  }

  /** Index of the first record whose offset is >= `offset` (count when none). */
  indexOf(offset: number): number {
    if (this.contiguous) {
      const i = offset - this.baseOffset;
      return i <= 0 ? 0 : i >= this.count ? this.count : i;
    }
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.offsetAt(mid) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first record whose timestamp is >= `timestamp` (count when none). */
  indexOfTimestamp(timestamp: number, from = 0): number {
    for (let i = from; i < this.count; i++) if (this.timestampAt(i) >= timestamp) return i;
    return this.count;
  }

  private newChunk(need: number): void {
    // Chunks double from 16 KiB to 1 MiB, so a small segment stays small and a big one allocates rarely.
    let size = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, this.chunk.length * 2));
    if (need > size) size = need;
    this.chunk = new Uint8Array(size);
    this.chunks.push(this.chunk);
    this.chunkPos = 0;
  }
}
