/**
 * Fetched Kafka records to broker-neutral BrokerRecords. Bytes are copied out of the fetch response,
 * so a page keeps only its own records alive, not every 1 MB response they were cut from.
 */
import type { BrokerRecord, HeaderValue, RecordHeaders } from '../../model/message.js';
import type { FetchedRecord } from './fetchProtocol.js';

function copy(bytes: Buffer | null): Uint8Array | null {
  if (bytes === null) return null;
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

/** Kafka headers are bytes; a repeated header name becomes an array of its values, in order. */
function headersOf(raw: FetchedRecord['headers']): { headers: RecordHeaders; size: number } {
  const headers: Record<string, HeaderValue> = {};
  let size = 0;
  for (const [name, value] of Object.entries(raw)) {
    size += Buffer.byteLength(name);
    if (Array.isArray(value)) {
      headers[name] = value.map((v) => {
        size += v?.length ?? 0;
        return copy(v);
      });
    } else {
      size += value?.length ?? 0;
      headers[name] = copy(value);
    }
  }
  return { headers, size };
}

/** One BrokerRecord with its own copies of key, value and headers. */
export function toBrokerRecord(topic: string, partition: number, r: FetchedRecord): BrokerRecord {
  const { headers, size } = headersOf(r.headers);
  return {
    id: `${partition}:${r.offset}`,
    destination: topic,
    partition,
    offset: r.offset,
    timestamp: r.timestamp >= 0 ? r.timestamp : undefined,
    key: copy(r.key),
    value: copy(r.value),
    headers,
    size: (r.key?.length ?? 0) + (r.value?.length ?? 0) + size,
  };
}
