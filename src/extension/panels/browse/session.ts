/**
 * Everything the Browse panel does on the host, without `vscode`, so it is tested in Node against the
 * simulator adapters: describing the destination, loading pages (cancellable, a new load supersedes
 * the one in flight), holding the current page's records for the detail pane, copy and "Open in
 * editor" (a queue peek is never repeated behind the user's back), and the live tail (filtered,
 * batched, stopped on request and on dispose).
 */
import * as l10n from '@vscode/l10n';
import { compileFilter, type RecordPredicate } from '../../core/browse/filter.js';
import { compileRequestFilter } from '../../core/browse/requestFilter.js';
import type { BrokerAdapter, TailStatus } from '../../core/model/adapter.js';
import type { BrowseFilter, BrowseRequest, BrowseStart } from '../../core/model/browse.js';
import { BrokerError, isBrokerError } from '../../core/model/errors.js';
import type { BrokerRecord } from '../../core/model/message.js';
import {
  BROWSE_ROW_LIMIT,
  BROWSE_TAIL_BATCH,
  type BrowseAccess,
  type BrowseDetail,
  type BrowseFilterWire,
  type BrowseInit,
  type BrowseLoadParams,
  type BrowseLoadResult,
  type BrowsePageWire,
  type BrowseRecordRef,
  type BrowseRow,
  type BrowseStartWire,
  type BrowseTailParams,
  type BrowseTailStatus,
} from '../../protocol/browsePanel.js';
import type { SchemaLens } from '../../core/schema/recordLens.js';
import { describeAccess, type BrowseTarget } from './access.js';
import { toDetail, toPageWire, toRow } from './wire.js';

/** Where the session reports what happens outside a request. */
export interface BrowseSessionListener {
  /** New tail rows, oldest first, at most BROWSE_TAIL_BATCH per call. */
  onTailRows(rows: BrowseRow[]): void;
  /** The tail ended without being stopped; `error` says why (undefined: the broker closed it). */
  onTailEnded(error: unknown): void;
  /** The tail is waiting for partitions that stopped answering, or all of them answer again. */
  onTailStatus?(status: BrowseTailStatus): void;
}

/** Tuning, for tests. */
export interface BrowseSessionOptions {
  /** Tail records are sent at most this often (ms), so a burst becomes a few notifications. */
  readonly flushMs?: number;
  /** Raw tail records kept for the detail pane; older ones are read again by offset. */
  readonly tailCache?: number;
  /** Schema decoding (a registry or a local schema file); absent: records are shown as their bytes. */
  readonly lens?: SchemaLens;
}

/** What `describe` found, plus what went wrong while finding it (shown, but not fatal). */
export interface BrowseDescription {
  readonly init: BrowseInit;
  readonly problems: readonly unknown[];
}

/** The filter as the adapters take it. */
export function toFilter(filter: BrowseFilterWire | undefined): BrowseFilter | undefined {
  if (!filter) return undefined;
  if (filter.kind === 'expression') return { kind: 'expression', expression: filter.expression };
  return {
    kind: 'text',
    field: filter.field,
    ...(filter.field === 'header' && filter.header ? { header: filter.header } : {}),
    pattern: filter.pattern,
    regex: filter.regex,
    caseSensitive: filter.caseSensitive,
  };
}

/** The start as the adapters take it. */
export function toStart(start: BrowseStartWire): BrowseStart {
  if (start.kind !== 'cursor') return start;
  const positions: Record<number, number> = {};
  for (const [partition, offset] of Object.entries(start.cursor.positions)) positions[Number(partition)] = offset;
  return { kind: 'cursor', cursor: { direction: start.cursor.direction, positions } };
}

/** Rejects with a 'cancelled' BrokerError as soon as `signal` aborts, whether or not `work` listens. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancelled = (): void => reject(new BrokerError('cancelled', l10n.t('Loading messages was cancelled.')));
    if (signal.aborted) return cancelled();
    signal.addEventListener('abort', cancelled, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', cancelled));
  });
}

interface HeldPage {
  readonly query: BrowseLoadParams;
  readonly wire: BrowsePageWire;
  readonly records: ReadonlyMap<string, BrokerRecord>;
}

/** One Browse panel's host-side state. */
export class BrowseSession {
  private access: BrowseAccess | undefined;
  private held: HeldPage | undefined;
  private loading: AbortController | undefined;
  private tail: AbortController | undefined;
  private readonly tailRecords = new Map<string, BrokerRecord>();
  /** Partitions the running tail is waiting for (offset it resumes from, and why), in the order they stopped. */
  private readonly waiting = new Map<number, { readonly offset: number; readonly message: string }>();
  /** Partitions that answered again while others still waited: 'resumed' names them all at the end. */
  private readonly resumed = new Map<number, number>();
  private pending: BrowseRow[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly flushMs: number;
  private readonly tailCache: number;
  private readonly lens: SchemaLens | undefined;
  /** Tail batches wait for their schemas in order, so rows never overtake each other. */
  private tailChain: Promise<void> = Promise.resolve();

  constructor(
    private readonly adapter: BrokerAdapter,
    private readonly target: BrowseTarget,
    private readonly listener: BrowseSessionListener,
    options: BrowseSessionOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 100;
    this.tailCache = options.tailCache ?? 1000;
    this.lens = options.lens;
  }

  get tailing(): boolean {
    return this.tail !== undefined;
  }

  /** The destination's type, partitions and access mode. Listing failures degrade to 'unknown' and no partitions. */
  async describe(): Promise<BrowseDescription> {
    const problems: unknown[] = [];
    const { destination } = this.target;
    let destinationType: BrowseInit['destinationType'] = this.adapter.kind === 'kafka' ? 'topic' : 'unknown';
    if (this.adapter.kind === 'rabbitmq') {
      try {
        const found = (await this.adapter.listDestinations({ includeInternal: true })).find((d) => d.name === destination);
        if (found) destinationType = found.type;
      } catch (error) {
        problems.push(error);
      }
    }
    let partitions: BrowseInit['partitions'] = [];
    if (this.adapter.capabilities.partitions && this.adapter.partitions) {
      try {
        partitions = (await this.adapter.partitions.listPartitions(destination))
          .map((p) => ({ partition: p.partition, logStart: p.logStart, highWatermark: p.highWatermark }))
          .sort((a, b) => a.partition - b.partition);
      } catch (error) {
        problems.push(error);
      }
    }
    this.access = describeAccess(this.adapter.kind, this.adapter.capabilities, destinationType);
    const init: BrowseInit = {
      destination,
      connectionName: this.target.connectionName,
      broker: this.adapter.kind,
      destinationType,
      simulated: this.adapter.simulated,
      access: this.access,
      liveTail: this.adapter.capabilities.liveTail && this.adapter.tail !== undefined,
      partitions,
      ...(this.target.partition !== undefined ? { partition: this.target.partition } : {}),
      ...(this.target.startOffset !== undefined ? { startOffset: this.target.startOffset } : {}),
      ...(this.target.connectionId !== undefined ? { connectionId: this.target.connectionId } : {}),
      restoring: this.held !== undefined,
      tailing: this.tailing,
      ...(this.waiting.size > 0 ? { tailStatus: this.waitingStatus() } : {}),
    };
    return { init, problems };
  }

  /** The page the panel shows, for a webview that reloaded. */
  /** The records the list shows, in list order: the page read, then what the live tail appended. */
  shownRecords(): BrokerRecord[] {
    return [...(this.held?.records.values() ?? []), ...this.tailRecords.values()];
  }

  /** The destination and partition this panel reads. */
  get where(): { readonly destination: string; readonly partition?: number } {
    return { destination: this.target.destination, ...(this.target.partition !== undefined ? { partition: this.target.partition } : {}) };
  }

  heldPage(): { query: BrowseLoadParams; page: BrowsePageWire } | undefined {
    return this.held ? { query: this.held.query, page: this.held.wire } : undefined;
  }

  /**
   * Reads one page. A filter that does not compile is answered as `filterError` before anything is
   * read; `acceptRequeue` reaches the adapter only for a peek destination.
   */
  async load(params: BrowseLoadParams): Promise<BrowseLoadResult> {
    const filter = toFilter(params.filter);
    try {
      compileFilter(filter);
    } catch (error) {
      if (isBrokerError(error) && error.code === 'invalidInput') return { status: 'filterError', message: error.message };
      throw error;
    }
    const access = await this.accessMode();
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    const lens = this.lens;
    // A filter matches decoded fields only for schemas already fetched: fetch the topic's own first.
    if (lens && filter) await abortable(lens.prepareForTopic(this.target.destination), controller.signal);
    const request: BrowseRequest = {
      destination: this.target.destination,
      ...(params.partition !== undefined ? { partition: params.partition } : {}),
      start: toStart(params.start),
      limit: params.limit,
      ...(filter ? { filter } : {}),
      ...(access.mode === 'peek' && params.acceptRequeue ? { acceptRequeue: true } : {}),
      ...(lens && filter ? { filterView: (r: BrokerRecord) => lens.view(r) } : {}),
    };
    try {
      const page = await abortable(this.adapter.browse(request, { signal: controller.signal }), controller.signal);
      // Decoding is for this page only (what the list shows), with one fetch per new schema id.
      if (lens) await abortable(lens.prepare(page.records), controller.signal);
      const wire = toPageWire(page, lens);
      this.held = { query: params, wire, records: new Map(page.records.map((r) => [r.id, r])) };
      return { status: 'page', page: wire };
    } finally {
      if (this.loading === controller) this.loading = undefined;
    }
  }

  /** Aborts the load in flight, if any. */
  cancel(): void {
    this.loading?.abort();
  }

  /** The decoded views of one record. */
  async detail(ref: BrowseRecordRef): Promise<BrowseDetail> {
    const record = await this.record(ref);
    if (this.lens) await this.lens.prepare([record]);
    return toDetail(record, undefined, this.lens);
  }

  /**
   * The whole record: from the current page or the recent tail, else read again by offset. A queue
   * peek is never repeated for this: its records are held only while their page is shown.
   */
  async record(ref: BrowseRecordRef): Promise<BrokerRecord> {
    const held = this.held?.records.get(ref.id) ?? this.tailRecords.get(ref.id);
    if (held) return held;
    const { destination } = this.target;
    const access = await this.accessMode();
    if (access.mode === 'peek' || ref.offset === undefined) {
      throw new BrokerError('notFound', l10n.t('That message of {0} is no longer held by the panel; load the page again to see it.', destination));
    }
    const where = ref.partition !== undefined ? `partition ${ref.partition}, offset ${ref.offset}` : `offset ${ref.offset}`;
    const page = await this.adapter.browse({
      destination,
      ...(ref.partition !== undefined ? { partition: ref.partition } : {}),
      start: { kind: 'offset', offset: ref.offset },
      limit: 1,
    });
    const found = page.records.find((r) => r.offset === ref.offset && r.partition === ref.partition);
    if (!found) throw new BrokerError('notFound', l10n.t('The message at {0} is no longer in {1}: retention or compaction removed it.', where, destination));
    return found;
  }

  /** Starts the live tail; a second call while tailing does nothing. Throws when the filter is invalid. */
  startTail(params: BrowseTailParams): void {
    if (this.tail) return;
    const { destination } = this.target;
    const tail = this.adapter.tail?.bind(this.adapter);
    if (!tail || !this.adapter.capabilities.liveTail) {
      throw new BrokerError('unsupported', l10n.t('Live tail is not available for {0}; use Refresh or Newer to see new messages.', destination));
    }
    const filter = toFilter(params.filter);
    const lens = this.lens;
    const keep = compileRequestFilter({ filter, ...(lens ? { filterView: (r: BrokerRecord) => lens.view(r) } : {}) });
    const controller = new AbortController();
    this.tail = controller;
    const request = { destination, ...(params.partition !== undefined ? { partition: params.partition } : {}) };
    const onRecords = (records: readonly BrokerRecord[]): void => {
      if (!lens) return this.received(records, keep);
      this.tailChain = this.tailChain.then(() => lens.prepare(records)).then(() => this.received(records, keep));
    };
    this.waiting.clear();
    this.resumed.clear();
    const onStatus = (status: TailStatus): void => this.tailStatus(controller, status);
    tail(request, onRecords, controller.signal, onStatus).then(
      () => this.ended(controller, undefined),
      (error: unknown) => this.ended(controller, error),
    );
  }

  /** Stops the live tail; rows not yet sent are dropped, as the user asked to stop. */
  stopTail(): void {
    const controller = this.tail;
    this.tail = undefined;
    controller?.abort();
    this.waiting.clear();
    this.resumed.clear();
    this.pending = [];
    this.clearTimer();
  }

  dispose(): void {
    this.stopTail();
    this.loading?.abort();
    this.held = undefined;
    this.tailRecords.clear();
  }

  private async accessMode(): Promise<BrowseAccess> {
    if (!this.access) await this.describe();
    return this.access!;
  }

  private received(records: readonly BrokerRecord[], keep: RecordPredicate): void {
    if (!this.tail) return;
    for (const record of records) {
      let matches = false;
      try {
        matches = keep(record);
      } catch {
        // A record the filter cannot evaluate is not shown, as in a browse.
      }
      if (!matches) continue;
      this.pending.push(toRow(record, this.lens));
      this.tailRecords.delete(record.id);
      this.tailRecords.set(record.id, record);
      if (this.tailRecords.size > this.tailCache) this.tailRecords.delete(this.tailRecords.keys().next().value!);
    }
    // The list keeps at most BROWSE_ROW_LIMIT rows, so more than that would be dropped there anyway.
    if (this.pending.length > BROWSE_ROW_LIMIT) this.pending.splice(0, this.pending.length - BROWSE_ROW_LIMIT);
    if (this.pending.length > 0 && this.flushTimer === undefined) this.flushTimer = setTimeout(() => this.flush(), this.flushMs);
  }

  /**
   * One change of a partition's state becomes one status for the panel: the partitions still waiting
   * (so two dead partitions read as one line, not two), or 'resumed' once none is.
   */
  private tailStatus(controller: AbortController, status: TailStatus): void {
    if (controller.signal.aborted || this.tail !== controller) return;
    if (status.kind === 'waiting') {
      this.waiting.set(status.partition, { offset: status.offset, message: status.message });
      this.listener.onTailStatus?.(this.waitingStatus());
      return;
    }
    if (!this.waiting.delete(status.partition)) return;
    this.resumed.set(status.partition, status.offset);
    // Rows read before the resume go out first, so the panel never shows 'resumed' ahead of them.
    this.flush();
    if (this.waiting.size > 0) return this.listener.onTailStatus?.(this.waitingStatus());
    const partitions = [...this.resumed].map(([partition, offset]) => ({ partition, offset }));
    this.resumed.clear();
    this.listener.onTailStatus?.({ kind: 'resumed', partitions });
  }

  private waitingStatus(): BrowseTailStatus {
    const partitions = [...this.waiting].map(([partition, w]) => ({ partition, offset: w.offset }));
    return { kind: 'waiting', partitions, message: this.waiting.values().next().value!.message };
  }

  private flush(): void {
    this.clearTimer();
    while (this.pending.length > 0) this.listener.onTailRows(this.pending.splice(0, BROWSE_TAIL_BATCH));
  }

  private ended(controller: AbortController, error: unknown): void {
    // Stopped on purpose (toggle off, dispose): nothing to report.
    if (controller.signal.aborted || this.tail !== controller) return;
    this.flush();
    this.tail = undefined;
    this.waiting.clear();
    this.resumed.clear();
    this.listener.onTailEnded(error);
  }

  private clearTimer(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }
}
