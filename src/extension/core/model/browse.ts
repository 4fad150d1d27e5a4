/**
 * Browsing: reading what is in a destination without consuming it. Pages are addressed by positions
 * (offsets per partition), so moving forward or back never re-reads or skips a record.
 */
import * as l10n from '@vscode/l10n';
import type { BrokerRecord } from './message.js';

/** Where a browse starts. */
export type BrowseStart =
  | { readonly kind: 'earliest' }
  /** The last `limit` records (per partition when browsing a whole topic). */
  | { readonly kind: 'latest' }
  | { readonly kind: 'offset'; readonly offset: number }
  | { readonly kind: 'timestamp'; readonly timestamp: number }
  /** Continue from a cursor a previous page returned. */
  | { readonly kind: 'cursor'; readonly cursor: BrowseCursor };

/** Positions to continue from: next offset to read per partition (streams use partition 0). */
export interface BrowseCursor {
  readonly direction: 'forward' | 'backward';
  /** Forward: the first offset not yet read. Backward: the first offset already shown (exclusive end). */
  readonly positions: Readonly<Record<number, number>>;
}

/** A filter applied while scanning; records that do not match are counted as scanned but not returned. */
export type BrowseFilter =
  | {
      readonly kind: 'text';
      readonly field: 'key' | 'value' | 'header';
      /** For field 'header': which header. */
      readonly header?: string;
      readonly pattern: string;
      readonly regex?: boolean;
      readonly caseSensitive?: boolean;
    }
  | {
      /** A sandboxed expression over `key`, `value`, `headers`, `partition`, `offset`, `timestamp`. */
      readonly kind: 'expression';
      readonly expression: string;
    };

/** One browse request. */
export interface BrowseRequest {
  readonly destination: string;
  /** Kafka: one partition; omitted = all partitions. */
  readonly partition?: number;
  readonly start: BrowseStart;
  /** Page size: how many records to return at most. */
  readonly limit: number;
  readonly filter?: BrowseFilter;
  /** Stop scanning after this many records even if the page is not full (default 10 × limit). */
  readonly maxScan?: number;
  /**
   * RabbitMQ classic/quorum queues can only be peeked by get-and-requeue. The caller sets this after
   * showing the user {@link peekRequeueWarning}; without it such a browse is refused.
   */
  readonly acceptRequeue?: boolean;
  /**
   * What the filter sees of a record (e.g. schema-decoded keys and values as JSON text). Absent: the
   * record itself. Returned records are always the originals.
   */
  readonly filterView?: (record: BrokerRecord) => BrokerRecord;
}

/** What a browse had to do to the destination. */
export type BrowseSideEffect = 'none' | 'requeued';

/** One page of records. */
export interface BrowsePage {
  readonly records: readonly BrokerRecord[];
  /** Continue forward (newer records); absent at the end. */
  readonly next?: BrowseCursor;
  /** Continue backward (older records); absent at the beginning. */
  readonly previous?: BrowseCursor;
  /** How many records were read to fill this page (more than returned when a filter is set). */
  readonly scanned: number;
  /** True when the scan stopped at maxScan before the page was full. */
  readonly scanCapped: boolean;
  readonly sideEffect: BrowseSideEffect;
}

/** What the user is told before a get-and-requeue peek of a classic or quorum queue (in the display language). */
export function peekRequeueWarning(): string {
  return l10n.t('Peeking this queue takes messages and puts them back: they are marked redelivered, their order can change, live consumers may receive them meanwhile, and on a quorum queue each peek counts toward the delivery limit. A page holds at most its start position plus ten times the page size unacknowledged (the position at most 10,000), for at most 15 seconds; Cancel gives them back at once.');
}

/** The same warning as evaluated at load time, i.e. in English (tests compare adapters' sentences with it). */
export const PEEK_REQUEUE_WARNING = peekRequeueWarning();
