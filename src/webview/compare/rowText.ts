/**
 * The outcome table's words: each row's question and the contrast it makes (headings, the same for
 * every run), and each cell as a sentence filled with the figures the host counted from that model's
 * log. Nothing here decides an outcome: a cell only puts its figures into words.
 */
import * as l10n from '@vscode/l10n';
import type { CompareCell, CompareRowId } from '../../extension/protocol/comparePanel.js';

type Model = 'rabbitmq' | 'kafka';

/** The row's question and the contrast line it stands for. */
export function rowHeading(id: CompareRowId): { title: string; contrast: string } {
  switch (id) {
    case 'afterConsumption':
      return { title: l10n.t('What is left after consumption'), contrast: l10n.t('deleted on ack vs kept in the log') };
    case 'delivery':
      return { title: l10n.t('Who got which message'), contrast: l10n.t('competing consumers on a queue, a copy per queue vs one log read by each group') };
    case 'orderPerKey':
      return { title: l10n.t('Order per key'), contrast: l10n.t('one queue shared by competing consumers vs one partition per key') };
    case 'crash':
      return { title: l10n.t('A consumer crashes before ack / commit'), contrast: l10n.t('unacked messages redelivered vs re-read from the committed offset') };
    case 'restart':
      return { title: l10n.t('The broker restarts'), contrast: l10n.t('durable queue and persistent message vs the log on disk') };
    case 'replay':
      return { title: l10n.t('A late consumer wants the history'), contrast: l10n.t('a new queue gets only what follows vs a new group replays the log') };
    case 'backlog':
      return { title: l10n.t('Under load'), contrast: l10n.t('queue depth vs consumer lag') };
    case 'routing':
      return { title: l10n.t('Who decides where messages go'), contrast: l10n.t('smart broker routes by exchange and binding vs dumb broker, the consumer keeps its offset') };
  }
}

const n = (x: number | undefined): string => Math.round(x ?? 0).toLocaleString('en-US');
const s = (ms: number | undefined): string => ((ms ?? 0) / 1000).toFixed(2);

/** One cell as a sentence. */
export function cellText(id: CompareRowId, model: Model, cell: CompareCell): string {
  const f = cell.figures;
  switch (id) {
    case 'afterConsumption':
      return l10n.t('{0} of {1} stored copies left; {2} handled', n(f['left']), n(f['stored']), n(f['handled']));
    case 'delivery':
      return l10n.t('{0} copies stored for {1} messages; {2} subscriber(s); up to {3} consumer(s) shared one subscriber', n(f['stored']), n(f['published']), n(f['subscribers']), n(f['consumers']));
    case 'orderPerKey':
      return l10n.t('{0} handled out of order over {1} key(s); one key went to up to {2} consumer(s)', n(f['violations']), n(f['keys']), n(f['consumersPerKey']));
    case 'crash':
      return cell.shown
        ? l10n.t('{0} crash(es): {1} delivered again, {2} handled a second time', n(f['crashes']), n(f['redelivered']), n(f['reprocessed']))
        : l10n.t('No consumer crashed in this run.');
    case 'restart':
      return cell.shown ? l10n.t('{0} stored copies lost at the restart, {1} kept', n(f['lost']), n(f['kept'])) : l10n.t('The broker did not restart in this run.');
    case 'replay':
      return cell.shown
        ? l10n.t('Late subscriber(s) handled {0} of the {1} messages sent before they started', n(f['replayed']), n(f['before']))
        : l10n.t('No consumer started after the first message in this run.');
    case 'backlog': {
      const drained = (f['drainedAtMs'] ?? -1) >= 0 ? l10n.t('back to 0 at {0} s', s(f['drainedAtMs'])) : l10n.t('never back to 0');
      return model === 'rabbitmq'
        ? l10n.t('Queue depth peaked at {0} messages at {1} s; {2}', n(f['peak']), s(f['peakAtMs']), drained)
        : l10n.t('Consumer lag peaked at {0} messages at {1} s; {2}', n(f['peak']), s(f['peakAtMs']), drained);
    }
    case 'routing':
      return l10n.t('{0} copies routed by the broker, {1} unroutable; {2} offset commits by consumers', n(f['routed']), n(f['unroutable']), n(f['commits']));
  }
}
