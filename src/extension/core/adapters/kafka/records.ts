/**
 * Fetched Kafka records to broker-neutral BrokerRecords. A browse first tests a view whose bytes are
 * still slices of the Fetch response; only a record the page keeps has its bytes copied out, so a page
 * keeps only its own records alive, not every 1 MB response they were cut from.
 */
import type { BrokerRecord, HeaderValue, RecordHeaders } from '../../model/message.js';
import type { FetchedRecord } from './fetchProtocol.js';

function copy(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

/** Copies one header value's bytes (Kafka headers are bytes; a repeated name is an array); counts them. */
function copyHeader(value: HeaderValue, size: { n: number }): HeaderValue {
  if (value instanceof Uint8Array) {
    size.n += value.length;
    return copy(value);
  }
  return Array.isArray(value) ? value.map((v: HeaderValue) => copyHeader(v, size)) : value;
}

/** A record the filter can test, its bytes still views into the Fetch response (no id, no size yet). */
export function fetchedView(topic: string, partition: number, r: FetchedRecord): BrokerRecord {
  return { id: '', destination: topic, partition, offset: r.offset, timestamp: r.timestamp >= 0 ? r.timestamp : undefined, key: r.key, value: r.value, headers: r.headers as RecordHeaders, size: 0 };
}

/** The record a page keeps for a view: its own copies of key, value and headers, with id and size. */
export function keptRecord(view: BrokerRecord): BrokerRecord {
  const size = { n: 0 };
  const headers: Record<string, HeaderValue> = {};
  for (const [name, value] of Object.entries(view.headers)) {
    size.n += Buffer.byteLength(name);
    headers[name] = copyHeader(value, size);
  }
  return {
    ...view,
    id: `${view.partition}:${view.offset}`,
    key: view.key ? copy(view.key) : null,
    value: view.value ? copy(view.value) : null,
    headers,
    size: (view.key?.length ?? 0) + (view.value?.length ?? 0) + size.n,
  };
}

/** One BrokerRecord with its own copies of key, value and headers. */
export function toBrokerRecord(topic: string, partition: number, r: FetchedRecord): BrokerRecord {
  return keptRecord(fetchedView(topic, partition, r));
}
