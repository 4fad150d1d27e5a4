/**
 * Avro logical types rendered the way a developer reads them: timestamps as ISO-8601 text, dates as
 * YYYY-MM-DD, decimals as exact decimal text (never a float), UUIDs as text. avsc calls `_fromValue`
 * when decoding and `_toValue` when encoding or validating, so the same readable forms are accepted
 * on publish. Only the records' own writer schema is used, so no schema resolution is needed.
 */
import avro from 'avsc';

const MICROS_PER_MS = 1000;

/** timestamp-millis (long) ⇄ "2024-05-01T10:00:00.000Z"; encode also takes epoch milliseconds. */
class TimestampMillis extends avro.types.LogicalType {
  protected override _fromValue(value: number): string {
    return new Date(value).toISOString();
  }
  protected override _toValue(value: unknown): number | undefined {
    return toEpochMillis(value);
  }
  protected override _resolve(): undefined {
    return undefined;
  }
}

/** timestamp-micros (long) ⇄ "2024-05-01T10:00:00.000123Z"; encode also takes epoch microseconds. */
class TimestampMicros extends avro.types.LogicalType {
  protected override _fromValue(value: number): string {
    const ms = Math.floor(value / MICROS_PER_MS);
    const micros = String(((value % MICROS_PER_MS) + MICROS_PER_MS) % MICROS_PER_MS).padStart(3, '0');
    return new Date(ms).toISOString().replace('Z', `${micros}Z`);
  }
  protected override _toValue(value: unknown): number | undefined {
    if (typeof value === 'number') return value;
    if (typeof value !== 'string') return undefined;
    const m = /^(.*\.\d{3})(\d{3})Z$/.exec(value);
    const ms = Date.parse(m ? `${m[1]}Z` : value);
    return Number.isNaN(ms) ? undefined : ms * MICROS_PER_MS + (m ? Number(m[2]) : 0);
  }
  protected override _resolve(): undefined {
    return undefined;
  }
}

/** date (int, days since the epoch) ⇄ "2024-05-01". */
class DateType extends avro.types.LogicalType {
  protected override _fromValue(value: number): string {
    return new Date(value * 86_400_000).toISOString().slice(0, 10);
  }
  protected override _toValue(value: unknown): number | undefined {
    if (typeof value === 'number') return value;
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
    return Math.round(Date.parse(`${value}T00:00:00Z`) / 86_400_000);
  }
  protected override _resolve(): undefined {
    return undefined;
  }
}

/** time-millis (int) ⇄ "10:00:00.000". */
class TimeMillis extends avro.types.LogicalType {
  protected override _fromValue(value: number): string {
    return new Date(value).toISOString().slice(11, 23);
  }
  protected override _toValue(value: unknown): number | undefined {
    if (typeof value === 'number') return value;
    if (typeof value !== 'string') return undefined;
    const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(value);
    if (!m) return undefined;
    return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number((m[4] ?? '0').padEnd(3, '0'));
  }
  protected override _resolve(): undefined {
    return undefined;
  }
}

/** decimal (bytes or fixed, big-endian two's complement unscaled value) ⇄ "1234.50". */
class DecimalType extends avro.types.LogicalType {
  private readonly scale: number;
  private readonly size: number | undefined;

  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    const s = schema as { scale?: number; size?: number; type?: unknown };
    this.scale = s.scale ?? 0;
    this.size = typeof s.size === 'number' ? s.size : undefined;
  }

  protected override _fromValue(value: Buffer): string {
    let unscaled = 0n;
    for (const byte of value) unscaled = (unscaled << 8n) | BigInt(byte);
    if (value.length > 0 && (value[0]! & 0x80) !== 0) unscaled -= 1n << BigInt(value.length * 8);
    return formatScaled(unscaled, this.scale);
  }

  protected override _toValue(value: unknown): Buffer | undefined {
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string') return undefined;
    const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
    if (!m) return undefined;
    const fraction = m[3] ?? '';
    // More fraction digits than the scale would silently round: refuse instead.
    if (fraction.length > this.scale) return undefined;
    let unscaled = BigInt(m[2]! + fraction.padEnd(this.scale, '0'));
    if (m[1] === '-') unscaled = -unscaled;
    return twosComplement(unscaled, this.size);
  }

  protected override _resolve(): undefined {
    return undefined;
  }
}

/** uuid (string): already text; validated as a UUID on encode. */
class UuidType extends avro.types.LogicalType {
  protected override _fromValue(value: string): string {
    return value;
  }
  protected override _toValue(value: unknown): string | undefined {
    return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : undefined;
  }
  protected override _resolve(): undefined {
    return undefined;
  }
}

function toEpochMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function formatScaled(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

function twosComplement(value: bigint, size: number | undefined): Buffer | undefined {
  let length = 1;
  while (value >= 1n << BigInt(length * 8 - 1) || value < -(1n << BigInt(length * 8 - 1))) length++;
  if (size !== undefined) {
    if (length > size) return undefined; // does not fit the fixed size
    length = size;
  }
  const out = Buffer.alloc(length);
  let v = value < 0n ? (1n << BigInt(length * 8)) + value : value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The logical types passed to avsc's Type.forSchema. */
export const AVRO_LOGICAL_TYPES = {
  'timestamp-millis': TimestampMillis,
  'timestamp-micros': TimestampMicros,
  'local-timestamp-millis': TimestampMillis,
  date: DateType,
  'time-millis': TimeMillis,
  decimal: DecimalType,
  uuid: UuidType,
} as const;
