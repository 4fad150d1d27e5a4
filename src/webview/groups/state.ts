/**
 * The Consumer group panel's state and its pure reducer. Snapshots come from the host after every
 * poll; the reset form's fields, its preview and the confirm step live here, so the whole flow is a
 * sequence of actions the unit tests can replay.
 */
import type { GroupHistoryPoint, GroupPreview, GroupResetTarget, GroupView, QueueHistoryPoint, QueueView } from '../../extension/protocol/groupsPanel.js';

/** Reset modes, as the Reset Offsets command has them. */
export type ResetMode = 'earliest' | 'latest' | 'timestamp' | 'offsets' | 'shift' | 'group';

/** The reset form's fields (text as typed, parsed on Preview). */
export interface ResetForm {
  readonly topic: string;
  readonly scope: 'all' | 'some';
  readonly partitions: readonly number[];
  readonly mode: ResetMode;
  readonly timestamp: string;
  readonly shift: string;
  /** Exact mode: one text per partition. */
  readonly offsets: Readonly<Record<number, string>>;
  readonly fromGroup: string;
}

/** Everything the panel shows. */
export interface GroupsViewState {
  readonly target?: { readonly connectionId: string; readonly connectionName: string; readonly groupId: string; readonly simulated: boolean; readonly refreshSeconds: number; readonly subject?: 'group' | 'queue' };
  /** A RabbitMQ queue's consumers (subject queue). */
  readonly queue?: QueueView;
  readonly queueHistory: readonly QueueHistoryPoint[];
  readonly group?: GroupView;
  readonly history: readonly GroupHistoryPoint[];
  readonly canRevert: boolean;
  readonly topics: readonly string[];
  readonly updatedAt?: number;
  readonly error?: string;
  readonly form: ResetForm;
  readonly otherGroups: readonly string[];
  readonly preview?: GroupPreview;
  /** Apply was pressed once: the confirm step is showing. */
  readonly confirming: boolean;
  readonly busy: boolean;
  readonly formError?: string;
  /** The last applied reset or revert, as committed. */
  readonly applied?: GroupPreview;
}

/** What the page keeps across hide and reload (setState). */
export interface PersistedGroupsPage {
  readonly target?: GroupsViewState['target'];
  readonly form?: ResetForm;
}

export const initialForm: ResetForm = { topic: '', scope: 'all', partitions: [], mode: 'earliest', timestamp: '', shift: '-100', offsets: {}, fromGroup: '' };

export const initialState: GroupsViewState = { history: [], queueHistory: [], canRevert: false, topics: [], form: initialForm, otherGroups: [], confirming: false, busy: false };

/** Actions. */
export type GroupsAction =
  | { type: 'restored'; page: PersistedGroupsPage }
  | { type: 'init'; target: NonNullable<GroupsViewState['target']> }
  | { type: 'snapshot'; group: GroupView; history: readonly GroupHistoryPoint[]; canRevert: boolean; topics: readonly string[]; at: number }
  | { type: 'queueSnapshot'; queue: QueueView; history: readonly QueueHistoryPoint[]; at: number }
  | { type: 'error'; message: string }
  | { type: 'form'; patch: Partial<ResetForm> }
  | { type: 'otherGroups'; groupIds: readonly string[] }
  | { type: 'busy' }
  | { type: 'previewed'; preview: GroupPreview }
  | { type: 'failed'; message: string }
  | { type: 'confirm' }
  | { type: 'cancel' }
  | { type: 'applied'; preview: GroupPreview };

/** The pure reducer. */
export function reduce(state: GroupsViewState, action: GroupsAction): GroupsViewState {
  switch (action.type) {
    case 'restored':
      return { ...state, ...(action.page.target ? { target: action.page.target } : {}), ...(action.page.form ? { form: { ...initialForm, ...action.page.form } } : {}) };
    case 'init':
      return { ...state, target: action.target };
    case 'snapshot': {
      const { error: _dropped, ...rest } = state;
      // The form's topic defaults to the group's first topic; a chosen one stays.
      const topic = state.form.topic && action.topics.includes(state.form.topic) ? state.form.topic : (action.topics[0] ?? '');
      return { ...rest, group: action.group, history: action.history, canRevert: action.canRevert, topics: action.topics, updatedAt: action.at, form: { ...state.form, topic } };
    }
    case 'queueSnapshot': {
      const { error: _dropped, ...rest } = state;
      return { ...rest, queue: action.queue, queueHistory: action.history, updatedAt: action.at };
    }
    case 'error':
      return { ...state, error: action.message };
    case 'form': {
      // Changing what the reset means makes a preview stale: it is dropped, never applied.
      const { preview: _p, formError: _e, ...rest } = state;
      return { ...rest, form: { ...state.form, ...action.patch }, confirming: false };
    }
    case 'otherGroups':
      return { ...state, otherGroups: action.groupIds };
    case 'busy': {
      const { formError: _e, ...rest } = state;
      return { ...rest, busy: true };
    }
    case 'previewed':
      return { ...state, busy: false, preview: action.preview, confirming: false };
    case 'failed':
      return { ...state, busy: false, confirming: false, formError: action.message };
    case 'confirm':
      return state.preview ? { ...state, confirming: true } : state;
    case 'cancel':
      return { ...state, confirming: false };
    case 'applied': {
      const { preview: _p, ...rest } = state;
      return { ...rest, busy: false, confirming: false, applied: action.preview };
    }
  }
}

/** What the page keeps. */
export function persisted(state: GroupsViewState): PersistedGroupsPage {
  return { ...(state.target ? { target: state.target } : {}), form: state.form };
}

/** The partitions a topic has in the snapshot (what the form offers). */
export function partitionsOf(state: GroupsViewState, topic: string): number[] {
  return (state.group?.offsets ?? []).filter((o) => o.topic === topic).map((o) => o.partition);
}

/** Parses an ISO time or epoch milliseconds; NaN when neither. */
export function parseTime(text: string): number {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : Date.parse(t);
}

/** The form as a preview request, or a sentence saying what to fix. */
export function previewRequest(state: GroupsViewState): { ok: true; topic: string; partitions?: number[]; target: GroupResetTarget } | { ok: false; problem: string } {
  const f = state.form;
  if (!f.topic) return { ok: false, problem: 'topic' };
  const all = partitionsOf(state, f.topic);
  const chosen = f.scope === 'some' ? [...f.partitions].sort((a, b) => a - b) : undefined;
  if (chosen && chosen.length === 0) return { ok: false, problem: 'partitions' };
  const scope = chosen ? { partitions: chosen } : {};
  switch (f.mode) {
    case 'earliest':
    case 'latest':
      return { ok: true, topic: f.topic, ...scope, target: { kind: f.mode } };
    case 'timestamp': {
      const timestamp = parseTime(f.timestamp);
      if (!Number.isFinite(timestamp)) return { ok: false, problem: 'timestamp' };
      return { ok: true, topic: f.topic, ...scope, target: { kind: 'timestamp', timestamp } };
    }
    case 'shift': {
      if (!/^\s*-?\d+\s*$/.test(f.shift)) return { ok: false, problem: 'shift' };
      return { ok: true, topic: f.topic, ...scope, target: { kind: 'shift', by: Number(f.shift) } };
    }
    case 'offsets': {
      const offsets: Record<string, number> = {};
      for (const p of chosen ?? all) {
        const text = (f.offsets[p] ?? '').trim();
        if (text === '') continue;
        if (!/^\d+$/.test(text)) return { ok: false, problem: 'offsets' };
        offsets[String(p)] = Number(text);
      }
      if (Object.keys(offsets).length === 0) return { ok: false, problem: 'offsets' };
      return { ok: true, topic: f.topic, partitions: Object.keys(offsets).map(Number), target: { kind: 'offsets', offsets } };
    }
    case 'group':
      if (!f.fromGroup) return { ok: false, problem: 'group' };
      return { ok: true, topic: f.topic, ...scope, target: { kind: 'group', groupId: f.fromGroup } };
  }
}

/** A topic's line under the partition table, with the two lag figures apart as in the header. */
export interface TopicTotal {
  readonly topic: string;
  /** Kafka's figure: lag over the topic's partitions with a committed offset. */
  readonly lag: number;
  /** Records on the topic's partitions with no committed offset, from the log start (not in `lag`). */
  readonly lagWithoutCommit: number;
  readonly partitions: number;
  readonly oldestMs?: number;
}

/**
 * Lag per topic: the totals row of the partition table. Partitions with no commit are summed apart
 * (core/rules/lag.ts), so the topic totals add up to the header's total lag instead of exceeding it.
 */
export function topicTotals(group: GroupView): TopicTotal[] {
  const out = new Map<string, { topic: string; lag: number; lagWithoutCommit: number; partitions: number; oldestMs?: number }>();
  for (const o of group.offsets) {
    const t = out.get(o.topic) ?? { topic: o.topic, lag: 0, lagWithoutCommit: 0, partitions: 0 };
    if (o.committed === undefined) t.lagWithoutCommit += o.lag;
    else t.lag += o.lag;
    t.partitions++;
    if (o.committed !== undefined && o.lagMs !== undefined && (t.oldestMs === undefined || o.lagMs > t.oldestMs)) t.oldestMs = o.lagMs;
    out.set(o.topic, t);
  }
  return [...out.values()];
}
