/**
 * Words for the studio: node titles, the figures line on each node, figure names in the
 * inspector, the paused reason and one line per event. Everything a person reads goes through
 * `l10n.t` (the host embeds the display language's bundle in the page).
 */
import * as l10n from '@vscode/l10n';
import type { StudioEvent, StudioPauseReason } from '../../../extension/protocol/simulatorPanel.js';

type Figures = Readonly<Record<string, number | string>>;

const n = (x: number | string | undefined): string => (typeof x === 'number' ? Math.round(x).toLocaleString('en-US') : x ?? '-');
const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** The model's name. */
export function modelName(model: 'rabbitmq' | 'kafka'): string {
  return model === 'rabbitmq' ? l10n.t('RabbitMQ model') : l10n.t('Kafka model');
}

/** A node's title: its name, the default exchange and partitions named in words. */
export function nodeTitle(kind: string, label: string): string {
  if (kind === 'exchange' && label === '') return l10n.t('(default exchange)');
  if (kind === 'partition') return l10n.t('partition {0}', label);
  return label;
}

/** The figures shown on a node, in one short line. */
export function figureLine(kind: string, f: Figures): string {
  switch (kind) {
    case 'queue':
      return f['ready'] !== undefined ? l10n.t('{0} ready · {1} unacked', n(f['ready']), n(f['unacked'])) : l10n.t('{0} kept', n(f['messages']));
    case 'partition': {
      const lags = Object.entries(f).filter(([k]) => k.startsWith('lag:'));
      const lag = lags.reduce((sum, [, v]) => sum + (typeof v === 'number' ? v : 0), 0);
      return lags.length > 0 ? l10n.t('end {0} · lag {1}', n(f['end']), n(lag)) : l10n.t('end {0}', n(f['end']));
    }
    case 'producer':
      return l10n.t('{0} sent', n(f['sent']));
    case 'consumer':
      return f['state'] === 'stopped' ? l10n.t('stopped') : f['busy'] ? l10n.t('working') : l10n.t('idle');
    case 'member':
      return f['state'] === 'stopped' ? l10n.t('stopped') : l10n.t('partitions {0}', n(f['partitions']));
    case 'group':
      return l10n.t('{0} · lag {1}', n(f['state']), n(f['lag']));
    case 'topic':
      return l10n.t('{0} records', n(f['messages']));
    default:
      return '';
  }
}

/** A figure's name in the inspector (`lag:<group>` reads "lag of <group>"). */
export function figureName(key: string): string {
  const colon = key.indexOf(':');
  if (colon > 0) {
    const head = key.slice(0, colon);
    const group = key.slice(colon + 1);
    if (head === 'lag') return l10n.t('lag of {0}', group);
    if (head === 'committed') return l10n.t('committed offset of {0}', group);
  }
  const names: Record<string, string> = {
    ready: l10n.t('ready'), unacked: l10n.t('unacked'), consumers: l10n.t('consumers'), messages: l10n.t('messages'),
    sent: l10n.t('sent'), state: l10n.t('state'), busy: l10n.t('handling a message'), start: l10n.t('log start offset'),
    end: l10n.t('end offset'), generation: l10n.t('generation'), members: l10n.t('members'), lag: l10n.t('lag'), partitions: l10n.t('partitions'),
  };
  return names[key] ?? key;
}

/** A figure's value in the inspector. */
export function figureValue(value: number | string): string {
  return n(value);
}

/** Why the studio paused, in one sentence. */
export function pauseSentence(reason: StudioPauseReason | undefined, state: string): string {
  if (state === 'running') return l10n.t('Running.');
  if (state === 'ready') return l10n.t('Ready: press Run, or Step to go one event at a time.');
  if (!reason) return l10n.t('Paused.');
  switch (reason.kind) {
    case 'user':
      return l10n.t('Paused by you.');
    case 'step':
      return l10n.t('Paused after one step ({0} events).', reason.events);
    case 'finished':
      return l10n.t('The scenario ran to its end. Reset to run it again.');
    case 'error':
      return l10n.t('Stopped: the simulator failed ({0}). The BrokerLens log has the details.', reason.message);
    case 'breakpoint': {
      const h = reason.hit;
      const at = seconds(h.timeMs);
      const model = modelName(h.model);
      switch (h.kind) {
        case 'deadLettered':
          return l10n.t('Paused at {0} s on {1}: message {2} was dead-lettered from queue {3} ({4}).', at, model, h.messageId, h.queue, h.reason);
        case 'rebalance':
          return l10n.t('Paused at {0} s on {1}: consumer group {2} rebalanced (generation {3}).', at, model, h.group, h.generation);
        case 'delivered':
          return h.header
            ? l10n.t('Paused at {0} s on {1}: message {2} with header {3}={4} was delivered to {5}.', at, model, h.messageId, h.header.name, h.header.value, h.consumer)
            : l10n.t('Paused at {0} s on {1}: message {2} with key "{3}" was delivered to {4}.', at, model, h.messageId, h.key, h.consumer);
        case 'depth':
          return h.target !== undefined
            ? l10n.t('Paused at {0} s on {1}: the depth of queue {2} rose to {3}, above {4}.', at, model, h.target, h.value, h.above)
            : l10n.t('Paused at {0} s on {1}: the queue depth rose to {2}, above {3}.', at, model, h.value, h.above);
        case 'lag':
          return h.target !== undefined
            ? l10n.t('Paused at {0} s on {1}: the lag of group {2} rose to {3}, above {4}.', at, model, h.target, h.value, h.above)
            : l10n.t('Paused at {0} s on {1}: the consumer lag rose to {2}, above {3}.', at, model, h.value, h.above);
      }
    }
  }
}

/** One event as a line of the event list (the event type stays as the engine names it). */
export function eventLine(e: StudioEvent): string {
  const parts = [`${seconds(e.time)} s`, e.type];
  if (e.target !== '') parts.push(e.partition >= 0 ? `${e.target}[${e.partition}]` : e.target);
  if (e.offset >= 0) parts.push(`@${e.offset}`);
  if (e.messageId > 0) parts.push(`#${e.messageId}`);
  if (e.count > 0) parts.push(`×${e.count}`);
  if (e.consumer !== '') parts.push(`→ ${e.consumer}`);
  if (e.detail !== '') parts.push(`(${e.detail.length > 80 ? `${e.detail.slice(0, 79)}…` : e.detail})`);
  return parts.join(' ');
}
