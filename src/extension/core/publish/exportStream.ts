/**
 * Export: records go from pages to a sink one page at a time, so memory holds one page (at most
 * `pageSize` records) and one page of text, whatever the count. The whole of a topic, partition or
 * stream is read forward by cursor from the earliest record (Kafka and streams browse without
 * consuming); a queue exports only what the panel already shows, since every read of it requeues.
 */
import type { BrokerAdapter } from '../model/adapter.js';
import type { BrokerRecord } from '../model/message.js';
import { exportRecord, exportWriter, type BytesEncoding, type ExportFormat } from './exportFormat.js';

/** Where exported text goes; resolves when the sink can take more (backpressure). */
export type ExportSink = (chunk: string) => Promise<void>;

/** Options of one export. */
export interface ExportOptions {
  readonly format: ExportFormat;
  readonly encoding: BytesEncoding;
  readonly signal?: AbortSignal;
  readonly onProgress?: (written: number) => void;
}

/** How many records were written, and whether the export stopped early. */
export interface ExportResult {
  readonly written: number;
  readonly cancelled: boolean;
}

/** Writes every record the pages yield, in order. */
export async function exportPages(pages: AsyncIterable<readonly BrokerRecord[]>, sink: ExportSink, options: ExportOptions): Promise<ExportResult> {
  const writer = exportWriter(options.format);
  let written = 0;
  if (writer.head) await sink(writer.head);
  for await (const records of pages) {
    if (options.signal?.aborted) break;
    let chunk = '';
    for (const r of records) {
      chunk += writer.record(exportRecord(r, options.encoding), written === 0);
      written++;
    }
    if (chunk) await sink(chunk);
    options.onProgress?.(written);
  }
  if (writer.tail) await sink(writer.tail);
  return { written, cancelled: options.signal?.aborted === true };
}

/** The records already in hand (what the panel shows), as pages of `pageSize`. */
export async function* inPages(records: readonly BrokerRecord[], pageSize = 1000): AsyncGenerator<readonly BrokerRecord[]> {
  for (let i = 0; i < records.length; i += pageSize) yield records.slice(i, i + pageSize);
}

/**
 * Every record of a topic (or one partition) or stream, oldest first, page by page, up to `max`.
 * Only for destinations that browse without side effects (capabilities.nonDestructiveBrowse).
 */
export async function* readAll(
  adapter: Pick<BrokerAdapter, 'browse'>,
  destination: string,
  options: { readonly partition?: number; readonly pageSize?: number; readonly max?: number; readonly signal?: AbortSignal } = {},
): AsyncGenerator<readonly BrokerRecord[]> {
  const pageSize = options.pageSize ?? 1000;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  let read = 0;
  let page = await adapter.browse(
    { destination, start: { kind: 'earliest' }, limit: Math.min(pageSize, max), ...(options.partition !== undefined ? { partition: options.partition } : {}) },
    options.signal ? { signal: options.signal } : {},
  );
  for (;;) {
    if (page.records.length === 0) return;
    const take = page.records.length > max - read ? page.records.slice(0, max - read) : page.records;
    read += take.length;
    yield take;
    if (read >= max || !page.next || options.signal?.aborted) return;
    page = await adapter.browse(
      { destination, start: { kind: 'cursor', cursor: page.next }, limit: Math.min(pageSize, max - read), ...(options.partition !== undefined ? { partition: options.partition } : {}) },
      options.signal ? { signal: options.signal } : {},
    );
  }
}
