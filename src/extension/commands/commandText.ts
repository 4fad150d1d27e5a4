/**
 * Pure parsing and wording used by the commands, kept free of `vscode` so unit tests cover them.
 */
import * as l10n from '@vscode/l10n';
import type { OffsetResetPreview } from '../core/model/groups.js';
import type { PublishOutcome } from '../core/model/message.js';

/** Parses "a=1, b=two" into headers; undefined when a part has no "=". */
export function parseHeaders(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** Parses "h1:p1, h2:p2"; undefined when any part is not host:port. */
export function parseBrokers(text: string): string[] | undefined {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return undefined;
  // host:port, or [IPv6]:port (the brackets say where the address ends).
  return parts.every((p) => /^(?:[^\s:[\]]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/.test(p) && Number(p.slice(p.lastIndexOf(':') + 1)) <= 65535) ? parts : undefined;
}

/**
 * One line per partition of a preview, for the confirmation list. A partition with no committed
 * offset gets its first commit: that is a change, said against both places the group's
 * auto.offset.reset could have started it (core/rules/offsetReset.ts counts the figures).
 */
export function previewLines(preview: OffsetResetPreview): string[] {
  return preview.rows.map((r) => {
    if (r.cleared) return l10n.t('partition {0}: {1} → none (no committed offset: the consumer starts from its auto.offset.reset)', r.partition, r.current ?? l10n.t('none'));
    if (r.current === undefined) {
      return l10n.t(
        'partition {0}: none → {1} (first commit; from auto.offset.reset=latest at {2} it replays {3}, from earliest at {4} it skips {5})',
        r.partition, r.next, r.logEnd, r.replayed, r.logStart, r.skipped,
      );
    }
    const effect = r.replayed > 0 ? l10n.t('replays {0}', r.replayed) : r.skipped > 0 ? l10n.t('skips {0}', r.skipped) : l10n.t('no change');
    return l10n.t('partition {0}: {1} → {2} ({3})', r.partition, r.current, r.next, effect);
  });
}

/** One sentence for what happened to a published message. */
export function describeOutcome(where: string, outcome: PublishOutcome | undefined): string {
  if (!outcome) return l10n.t('Nothing was published to {0}.', where);
  switch (outcome.status) {
    case 'confirmed':
      return outcome.partition === undefined ? l10n.t('Published to {0}; the broker confirmed it.', where) : l10n.t('Published to {0}: partition {1}, offset {2}.', where, outcome.partition, outcome.offset ?? '?');
    case 'returned':
      return l10n.t('The broker returned the message as unroutable: {0} Bind a queue or check the routing key.', outcome.reason);
    case 'nacked':
      return l10n.t('The broker refused the message (nack): {0}', outcome.reason);
    case 'failed':
      return l10n.t('Publishing to {0} failed: {1}', where, outcome.reason);
  }
}
