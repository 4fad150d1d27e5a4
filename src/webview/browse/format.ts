/**
 * How numbers, times and sizes read in the Browse panel, and the status line.
 */
import * as l10n from '@vscode/l10n';
import type { BrowseTailStatus } from '../../extension/protocol/browsePanel.js';
import type { BrowseViewState } from './state.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local time with milliseconds, e.g. 2026-11-25 10:04:31.250 (the ISO time goes in the tooltip). */
export function localTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** ISO 8601 in UTC, or '' for an invalid time. */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** The value of a datetime-local field for `ms` (local time, to the second). */
export function datetimeLocal(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** 812 B, 1.2 KB, 3.4 MB. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** 100,000. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "Showing N records · scanned M · offsets a…b" plus live and side-effect notes. */
export function statusLine(state: BrowseViewState): string {
  const parts = [state.rows.length === 1 ? l10n.t('Showing 1 record') : l10n.t('Showing {0} records', count(state.rows.length))];
  if (state.page) parts.push(l10n.t('scanned {0}', count(state.page.scanned)));
  const { min, max, partitions } = state.range;
  if (min !== undefined && max !== undefined) {
    parts.push(partitions > 1 ? l10n.t('offsets {0}…{1} in {2} partitions', count(min), count(max), partitions) : l10n.t('offsets {0}…{1}', count(min), count(max)));
  }
  if (state.tailed > 0) parts.push(l10n.t('{0} live', count(state.tailed)));
  if (state.dropped > 0) parts.push(l10n.t('oldest {0} dropped (keeps {1})', count(state.dropped), count(state.rowLimit)));
  if (state.page?.sideEffect === 'requeued') parts.push(l10n.t('peeked and requeued: now marked redelivered'));
  return parts.join(' · ');
}

/**
 * The live tail's state in one line: which partitions it waits for, from which offset, and the
 * adapter's sentence (what stopped; nothing to do), or which ones answered again.
 */
export function tailStatusLine(status: BrowseTailStatus): string {
  const [first] = status.partitions;
  const list = status.partitions.map((p) => String(p.partition)).join(', ');
  if (status.kind === 'waiting') {
    return status.partitions.length === 1
      ? l10n.t('Live tail is waiting for partition {0} (from offset {1}): {2}', first!.partition, count(first!.offset), status.message)
      : l10n.t('Live tail is waiting for partitions {0}: {1}', list, status.message);
  }
  return status.partitions.length === 1
    ? l10n.t('Live tail resumed on partition {0} from offset {1}: nothing was missed.', first!.partition, count(first!.offset))
    : l10n.t('Live tail resumed on partitions {0}: nothing was missed.', list);
}
