/**
 * What reading a destination does to it, decided from capabilities (never from the adapter's class),
 * and the names the panel goes by.
 */
import * as l10n from '@vscode/l10n';
import type { BrokerKind } from '../../core/model/adapter.js';
import { peekRequeueWarning } from '../../core/model/browse.js';
import type { Capabilities } from '../../core/model/capabilities.js';
import type { BrowseAccess, BrowseInit } from '../../protocol/browsePanel.js';

/** What the Browse panel is opened on. */
export interface BrowseTarget {
  readonly destination: string;
  /** Kafka: the partition the panel starts on (the user can switch to all). */
  readonly partition?: number;
  /** Kafka: the first load starts at this offset (Publish's "Open in Browse" link). */
  readonly startOffset?: number;
  readonly connectionName: string;
  /** The connection's id, saved in the webview so a window reload can reopen the panel. */
  readonly connectionId?: string;
}

// Functions, not constants: the text is in the display language, known only once l10n is configured.
/** Shown over a Kafka topic. */
export const KAFKA_READ_NOTICE = (): string => l10n.t('Reading does not consume: no consumer group, nothing committed.');
/** Shown over a RabbitMQ stream. */
export const STREAM_READ_NOTICE = (): string => l10n.t('Read by offset: nothing changes in the stream.');
/** Shown over a queue an adapter can read without taking (none today, but the flag allows it). */
export const QUEUE_READ_NOTICE = (): string => l10n.t('Reading does not consume: nothing changes in the queue.');

/**
 * Read or peek. A queue whose type is unknown (listing failed) is treated as a classic queue: asking
 * for consent once too often is better than requeueing without it.
 */
export function describeAccess(kind: BrokerKind, capabilities: Capabilities, type: BrowseInit['destinationType']): BrowseAccess {
  if (kind === 'kafka' || type === 'topic') return { mode: 'read', notice: KAFKA_READ_NOTICE() };
  if (type === 'stream') return { mode: 'read', notice: STREAM_READ_NOTICE() };
  if (capabilities.nonDestructiveBrowse === 'always') return { mode: 'read', notice: QUEUE_READ_NOTICE() };
  return { mode: 'peek', warning: peekRequeueWarning() };
}

/** The panel's tab title, e.g. "Messages: orders #1". */
export function browseTitle(target: BrowseTarget): string {
  return target.partition !== undefined ? l10n.t('Messages: {0} #{1}', target.destination, target.partition) : l10n.t('Messages: {0}', target.destination);
}

/** Key for PanelManager: one Browse panel per connection, destination and starting partition. */
export function browsePanelKey(connectionId: string, target: BrowseTarget): string {
  return `browse:${connectionId}:${target.destination}:${target.partition ?? '*'}`;
}
