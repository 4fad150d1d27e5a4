/**
 * The Publish panel's logic, free of `vscode` so it is tested against the simulator and the real
 * brokers in plain Node: which destinations to offer, the check and route preview of a draft, the
 * send (one or ×N, exact tally), the sentence that reports it, and the history per destination.
 */
import * as l10n from '@vscode/l10n';
import type { BrokerAdapter } from '../../core/model/adapter.js';
import { isBrokerError } from '../../core/model/errors.js';
import type { RouteExplanation } from '../../core/model/topology.js';
import { sendMany, type BulkReport } from '../../core/publish/bulkSend.js';
import { planDraft, type DraftContext, type DraftPlan, type PublishDraft } from '../../core/publish/draft.js';
import { partitionForKey } from '../../core/simulator/index.js';
import type { OutgoingMessage } from '../../core/model/message.js';
import {
  PUBLISH_HISTORY_LIMIT,
  type PublishBrowseLink,
  type PublishDestination,
  type PublishHistoryEntry,
  type PublishPreview,
  type PublishRoute,
  type PublishSendResult,
  type PublishTally,
} from '../../protocol/publishPanel.js';
import type { PublishSchemas } from './schemaEncoders.js';

/** Where history is kept (workspace state in VS Code, a Map in tests). */
export interface HistoryStore {
  get(key: string): readonly PublishHistoryEntry[] | undefined;
  update(key: string, entries: readonly PublishHistoryEntry[]): PromiseLike<void> | void;
}

/** Options of one send. */
export interface SendOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, tally: PublishTally) => void;
}

const PARTITION_CACHE_MS = 5_000;
const MAX_LINKS = 20;

const errorText = (error: unknown): string => (isBrokerError(error) || error instanceof Error ? error.message : String(error));

/** One Publish panel's session with one adapter (one connection's Kafka or RabbitMQ model). */
export class PublishSession {
  private partitionCache: { topic: string; count: number; at: number } | undefined;

  constructor(
    readonly adapter: BrokerAdapter,
    private readonly connectionId: string,
    private readonly history: HistoryStore,
    /** The connection's schema registry side (Kafka connections that name one). */
    readonly schemas?: PublishSchemas,
  ) {}

  /**
   * Topics (Kafka), or exchanges then queues (RabbitMQ). The built-in exchanges (the default one and
   * amq.*) are listed only when the explorer shows them too (`showInternal`), and always marked;
   * internal exchanges take no publishes, so they are never offered.
   */
  async destinations(showInternal: boolean): Promise<{ destinations: PublishDestination[]; notes: string[] }> {
    const notes: string[] = [];
    const out: PublishDestination[] = [];
    if (this.adapter.kind === 'kafka') {
      try {
        for (const t of await this.adapter.listDestinations({ includeInternal: showInternal })) {
          out.push({ name: t.name, kind: 'topic', builtin: t.internal, detail: t.partitions === undefined ? '' : l10n.t('{0} partitions', t.partitions) });
        }
      } catch (error) {
        notes.push(l10n.t('The topics could not be listed: {0}', errorText(error)));
      }
      return { destinations: out.sort((a, b) => a.name.localeCompare(b.name)), notes };
    }
    try {
      const exchanges = (await this.adapter.exchanges?.listExchanges()) ?? [];
      out.push({ name: '', kind: 'exchange', builtin: true, detail: l10n.t('default exchange: routing key = queue name') });
      for (const e of exchanges.sort((a, b) => a.name.localeCompare(b.name))) {
        const builtin = e.name.startsWith('amq.');
        if (e.name === '' || e.internal || (builtin && !showInternal)) continue;
        out.push({ name: e.name, kind: 'exchange', builtin, detail: e.type });
      }
    } catch (error) {
      notes.push(l10n.t('The exchanges could not be listed: {0}', errorText(error)));
    }
    try {
      for (const q of (await this.adapter.listDestinations({ includeInternal: showInternal })).sort((a, b) => a.name.localeCompare(b.name))) {
        out.push({ name: q.name, kind: 'queue', builtin: q.internal, detail: q.type });
      }
    } catch (error) {
      notes.push(l10n.t('The queues could not be listed: {0}', errorText(error)));
    }
    return { destinations: out, notes };
  }

  /** Checks the draft and explains where it would go; never throws (a failure becomes the route's sentence). */
  async preview(draft: PublishDraft): Promise<PublishPreview> {
    const partitions = draft.broker === 'kafka' ? await this.partitionCount(draft.destination) : undefined;
    const check = planDraft(draft, { ...(partitions === undefined ? {} : { partitions }), ...(await this.encoders(draft)) });
    const route = await this.route(draft, check.ok ? check.plan : undefined, partitions);
    return { problems: check.ok ? [] : [...check.problems], ...(route ? { route } : {}) };
  }

  /** Sends the draft `count` times. Invalid drafts come back as problems, nothing sent. */
  async send(draft: PublishDraft, count: number, options: SendOptions = {}): Promise<PublishSendResult> {
    const partitions = draft.broker === 'kafka' ? await this.partitionCount(draft.destination, true) : undefined;
    const check = planDraft(draft, { ...(partitions === undefined ? {} : { partitions }), ...(await this.encoders(draft)) });
    if (!check.ok) return { status: 'invalid', problems: [...check.problems] };
    const plan = check.plan;
    if (!plan.dynamic || (draft.payloadMode !== 'schema' && !draft.schema?.key)) return this.run(draft, plan.target, count, (i) => plan.build(i), plan, options);
    // A templated schema value can stop fitting at message i (a placeholder's value): the run stops
    // there like a Cancel (that message and the rest are never sent), so the tally stays exact.
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let misfit: string | undefined;
    const build = (i: number): OutgoingMessage => {
      try {
        return plan.build(i);
      } catch (error) {
        misfit ??= errorText(error);
        stop.abort();
        return { value: new Uint8Array(0) }; // in the chunk the abort keeps from being sent
      }
    };
    try {
      const result = await this.run(draft, plan.target, count, build, plan, { ...options, signal: stop.signal });
      return misfit !== undefined && result.status === 'done' ? { ...result, ok: false, sentence: `${misfit} ${result.sentence}` } : result;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Sends prepared messages (Import NDJSON) to the draft's destination, with the same report. */
  async sendMessages(draft: PublishDraft, messages: readonly OutgoingMessage[], options: SendOptions = {}): Promise<PublishSendResult> {
    const check = planDraft({ ...draft, payload: draft.payloadMode === 'json' && draft.payload.trim() === '' ? '{}' : draft.payload });
    const target = check.ok ? check.plan.target : draft.broker === 'kafka' ? { destination: draft.destination } : { destination: draft.destination, routingKey: draft.routingKey, mandatory: draft.mandatory };
    return this.run(draft, target, messages.length, (i) => messages[i]!, undefined, options);
  }

  private async run(
    draft: PublishDraft,
    target: DraftPlan['target'],
    count: number,
    build: (i: number) => OutgoingMessage,
    plan: DraftPlan | undefined,
    options: SendOptions,
  ): Promise<PublishSendResult> {
    const report = await sendMany(this.adapter, target, count, build, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(count > 1 ? { onProgress: (r: BulkReport) => options.onProgress?.(count - r.notSent, tallyOf(r)) } : {}),
    });
    // Which queues got it: the explainer over the topology at send time (headers of message 1).
    let route: RouteExplanation | undefined;
    if (draft.broker === 'rabbitmq' && report.confirmed > 0 && this.adapter.exchanges) {
      try {
        const headers = plan?.build(0).headers;
        route = await this.adapter.exchanges.explainRoute({ exchange: draft.destination, routingKey: draft.routingKey, ...(headers ? { headers } : {}) });
      } catch {
        route = undefined;
      }
    }
    const where = destinationLabel(draft);
    const sentence = count === 1 ? singleSentence(where, report, route) : bulkSentence(where, report, route);
    // Kafka: the record sent (or the last one confirmed of a run); RabbitMQ: the queues that got it.
    const at = report.lastConfirmed;
    const links: PublishBrowseLink[] = draft.broker === 'kafka'
      ? at?.offset !== undefined ? [{ destination: draft.destination, partition: at.partition ?? 0, offset: at.offset }] : []
      : (route?.queues ?? []).slice(0, MAX_LINKS).map((q) => ({ destination: q }));
    // History replays a form; an import (no plan) sent a file's messages, not the form, so it is not kept.
    if (plan && report.requested - report.notSent > 0) await this.remember(draft, count);
    return {
      status: 'done',
      tally: tallyOf(report),
      sentence,
      ok: report.confirmed === count,
      ...(route ? { queues: [...route.queues] } : {}),
      links,
    };
  }

  /** Schema encoders for the draft's choices (none when it uses no schema or the connection has no registry). */
  private async encoders(draft: PublishDraft): Promise<Pick<DraftContext, 'encoders'>> {
    const wantValue = draft.payloadMode === 'schema';
    if (!wantValue && !draft.schema?.key) return {};
    if (!this.schemas) {
      const problem = l10n.t('This connection has no schema registry. Use "Set Schema Registry" on the connection to add one.');
      return { encoders: { ...(wantValue ? { value: { problem } } : {}), ...(draft.schema?.key ? { key: { problem } } : {}) } };
    }
    return { encoders: await this.schemas.encoders(draft.schema, wantValue) };
  }

  /** The history of the draft's destination, newest first. */
  historyOf(draft: Pick<PublishDraft, 'broker' | 'destination'>): PublishHistoryEntry[] {
    return [...(this.history.get(this.historyKey(draft)) ?? [])];
  }

  private async remember(draft: PublishDraft, count: number): Promise<void> {
    const key = this.historyKey(draft);
    const preview = draft.payload.length > 64 * 1024 ? l10n.t('(payload over 64 KB, not kept in history)') : draft.payload.replace(/\s+/g, ' ').slice(0, 80);
    const summary = `${count > 1 ? `×${count} · ` : ''}${draft.routingKey ? `${draft.routingKey} · ` : ''}${preview}`;
    // A payload over 64 KB is not kept: history is for test messages, not for bulk data.
    const kept: PublishDraft = draft.payload.length > 64 * 1024 ? { ...draft, payload: '' } : draft;
    const entries = [{ at: Date.now(), summary: summary.slice(0, 300), draft: kept }, ...(this.history.get(key) ?? []).filter((e) => JSON.stringify(e.draft) !== JSON.stringify(kept))];
    await this.history.update(key, entries.slice(0, PUBLISH_HISTORY_LIMIT));
  }

  private historyKey(draft: Pick<PublishDraft, 'broker' | 'destination'>): string {
    return `brokerlens.publish.history:${this.connectionId}:${draft.broker}:${draft.destination}`;
  }

  private async partitionCount(topic: string, fresh = false): Promise<number | undefined> {
    if (!this.adapter.partitions || topic === '') return undefined;
    const cached = this.partitionCache;
    if (!fresh && cached && cached.topic === topic && Date.now() - cached.at < PARTITION_CACHE_MS) return cached.count;
    try {
      const count = (await this.adapter.partitions.listPartitions(topic)).length;
      this.partitionCache = { topic, count, at: Date.now() };
      return count;
    } catch {
      return undefined;
    }
  }

  private async route(draft: PublishDraft, plan: DraftPlan | undefined, partitions: number | undefined): Promise<PublishRoute | undefined> {
    if (draft.broker === 'kafka') {
      if (draft.destination === '') return undefined;
      if (partitions === undefined) return { kind: 'unknown', message: l10n.t('Topic "{0}" was not found, so where the message goes is unknown; check the name or create the topic.', draft.destination) };
      if (!plan) return undefined;
      const first = plan.build(0);
      if (first.partition !== undefined) return { kind: 'partition', partition: first.partition, partitions, reason: 'explicit' };
      if (first.key !== undefined && first.key !== null) {
        const key = typeof first.key === 'string' ? new TextEncoder().encode(first.key) : first.key;
        return { kind: 'partition', partition: partitionForKey(key, partitions), partitions, reason: 'key' };
      }
      return { kind: 'partition', partitions, reason: 'keyless' };
    }
    const facet = this.adapter.exchanges;
    if (!facet || !this.adapter.capabilities.routeExplain) return undefined;
    try {
      const headers = plan?.build(0).headers;
      const explanation = await facet.explainRoute({ exchange: draft.destination, routingKey: draft.routingKey, ...(headers ? { headers } : {}) });
      return {
        kind: 'route',
        queues: [...explanation.queues],
        unroutable: explanation.unroutable,
        steps: explanation.steps.map((s) => ({
          exchange: s.exchange,
          exchangeType: s.exchangeType,
          matched: s.matched.map((b) => ({ destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey, arguments: Object.keys(b.arguments).length ? JSON.stringify(b.arguments).slice(0, 2000) : '' })),
          unmatched: s.unmatched.length,
          ...(s.alternateExchange !== undefined ? { alternateExchange: s.alternateExchange } : {}),
        })),
      };
    } catch (error) {
      return { kind: 'unknown', message: errorText(error) };
    }
  }
}

function tallyOf(r: BulkReport): PublishTally {
  return { requested: r.requested, confirmed: r.confirmed, returned: r.returned, nacked: r.nacked, failed: r.failed, notSent: r.notSent, cancelled: r.cancelled };
}

/** "topic orders", "exchange shop (key order.paid)", "queue q1". */
export function destinationLabel(draft: Pick<PublishDraft, 'broker' | 'destination' | 'routingKey'>): string {
  if (draft.broker === 'kafka') return l10n.t('topic {0}', draft.destination);
  if (draft.destination === '') return l10n.t('queue {0} (default exchange)', draft.routingKey);
  return l10n.t('exchange {0} with routing key "{1}"', draft.destination, draft.routingKey);
}

/** Which queues received it, as a clause. */
export function queuesClause(route: RouteExplanation | undefined): string {
  if (!route) return l10n.t('which queues received it is unknown (the routing explainer needs the management API)');
  if (route.queues.length === 0) return l10n.t('no queue received it (no binding matched)');
  const shown = route.queues.slice(0, 10).join(', ');
  const more = route.queues.length > 10 ? l10n.t(' and {0} more', route.queues.length - 10) : '';
  return route.queues.length === 1 ? l10n.t('queue {0} received it', shown) : l10n.t('{0} queues received it: {1}{2}', route.queues.length, shown, more);
}

function singleSentence(where: string, report: BulkReport, route: RouteExplanation | undefined): string {
  const o = report.first;
  if (!o) return l10n.t('Nothing was published to {0}.', where);
  switch (o.status) {
    case 'confirmed':
      if (o.partition !== undefined) {
        return o.offset === undefined
          ? l10n.t('Published to {0}: partition {1} (the broker sent no offset).', where, o.partition)
          : l10n.t('Published to {0}: partition {1}, offset {2}.', where, o.partition, o.offset);
      }
      return route && route.queues.length === 0
        ? l10n.t('Published to {0}; the broker confirmed it, but no queue received it (no binding matched and mandatory was off), so it was dropped.', where)
        : l10n.t('Published to {0}; the broker confirmed it and {1}.', where, queuesClause(route));
    case 'returned':
      return l10n.t('The broker returned the message as unroutable: {0}. Bind a queue, or check the exchange and routing key.', o.reason.replace(/\.$/, ''));
    case 'nacked':
      return l10n.t('The broker refused the message (nack): {0}', o.reason);
    case 'failed':
      return l10n.t('Publishing to {0} failed: {1}', where, o.reason);
  }
}

function bulkSentence(where: string, r: BulkReport, route: RouteExplanation | undefined): string {
  const tally = l10n.t('Of {0} messages to {1}: {2} confirmed, {3} returned as unroutable, {4} nacked, {5} failed, {6} not sent.', r.requested, where, r.confirmed, r.returned, r.nacked, r.failed, r.notSent);
  const counts = r.cancelled ? `${l10n.t('Cancelled.')} ${tally}` : tally;
  const queues = route && r.confirmed > 0 ? ` ${l10n.t('Confirmed messages: {0}.', queuesClause(route))}` : '';
  const problem = r.firstProblem ? ` ${l10n.t('First problem: {0}', r.firstProblem)}` : '';
  return `${counts}${queues}${problem}`;
}
