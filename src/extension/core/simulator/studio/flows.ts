/**
 * Turns a run's events into traffic on the diagram's edges: how many messages moved along each edge
 * since the last frame. The panel animates that many dots (capped), so the cost to the panel does
 * not grow with the simulator's speed. Edges that traffic uses but the topology does not show (a
 * default-exchange route by a templated key, a partition fetched by a member the last drawing did
 * not assign it to) are remembered so the next drawing has them.
 */
import type { ScenarioRun } from '../runtime/scenarioRun.js';
import type { SimEvent } from '../runtime/simEvents.js';
import { edge, NodeId, type GraphEdge } from './graph.js';

/** Counts messages per edge of one model's diagram. */
export class FlowTracker {
  private counts = new Map<string, number>();
  private readonly seen = new Map<string, GraphEdge>();
  private fresh = false;
  /** RabbitMQ: the exchange the message in hand was last published or routed through. */
  private exchange = '';
  /** RabbitMQ: the queue that just dead-lettered a message (its next route is the dead-letter exchange's). */
  private deadLetterFrom: string | undefined;
  /** Kafka: records each producer published and that are not yet appended, per topic, oldest producer first. */
  private readonly lingering = new Map<string, Map<string, number>>();

  constructor(private readonly run: ScenarioRun) {}

  /** Records one event. */
  onEvent(e: SimEvent): void {
    if (e.model === 'rabbitmq') this.rabbit(e);
    else this.kafka(e);
  }

  /** Message counts per edge id since the last call, and whether new edges were seen. */
  take(): { readonly flows: Record<string, number>; readonly newEdges: boolean } {
    const flows: Record<string, number> = {};
    for (const [id, n] of this.counts) flows[id] = n;
    this.counts = new Map();
    const newEdges = this.fresh;
    this.fresh = false;
    return { flows, newEdges };
  }

  /** Every edge traffic has used, for the graph builders. */
  usedEdges(): GraphEdge[] {
    return [...this.seen.values()];
  }

  private count(from: string, to: string, kind: GraphEdge['kind'], n = 1): void {
    const id = `${from}->${to}`;
    this.counts.set(id, (this.counts.get(id) ?? 0) + n);
    if (!this.seen.has(id)) {
      this.seen.set(id, edge(from, to, kind));
      this.fresh = true;
    }
  }

  private producerOf(messageId: number): string | undefined {
    const ctx = this.run.ctx;
    const key = ctx.keys.describe(ctx.messages.keyIndex(messageId));
    return key === undefined ? undefined : this.run.scenario.producers[key.producer]?.id;
  }

  private rabbit(e: SimEvent): void {
    switch (e.type) {
      case 'published': {
        this.exchange = e.target;
        this.deadLetterFrom = undefined;
        const producer = e.messageId > 0 ? this.producerOf(e.messageId) : undefined;
        if (producer !== undefined) this.count(NodeId.producer(producer), NodeId.exchange(e.target), 'publish');
        break;
      }
      case 'routed':
      case 'unroutable':
        this.exchange = e.target;
        if (this.deadLetterFrom !== undefined) this.count(NodeId.queue(this.deadLetterFrom), NodeId.exchange(e.target), 'deadLetter');
        this.deadLetterFrom = undefined;
        break;
      case 'enqueued':
        this.count(NodeId.exchange(this.exchange), NodeId.queue(e.target), 'route');
        break;
      case 'dead-lettered':
        this.deadLetterFrom = e.target;
        break;
      case 'delivered':
        if (e.consumer !== '') this.count(NodeId.queue(e.target), NodeId.consumer(e.consumer), 'deliver');
        break;
      default:
        break;
    }
  }

  private kafka(e: SimEvent): void {
    switch (e.type) {
      case 'published': {
        const byProducer = this.lingering.get(e.target) ?? new Map<string, number>();
        byProducer.set(e.consumer, (byProducer.get(e.consumer) ?? 0) + 1);
        this.lingering.set(e.target, byProducer);
        break;
      }
      case 'appended': {
        // An append is one producer's batch; the oldest producer with lingering records sent it.
        const byProducer = this.lingering.get(e.target);
        let left = e.count;
        for (const [producer, n] of byProducer ?? []) {
          if (left <= 0) break;
          const take = Math.min(n, left);
          this.count(NodeId.producer(producer), NodeId.partition(e.target, e.partition), 'append', take);
          left -= take;
          if (take === n) byProducer!.delete(producer);
          else byProducer!.set(producer, n - take);
        }
        break;
      }
      case 'fetched':
        if (e.consumer !== '' && e.count > 0) this.count(NodeId.partition(e.target, e.partition), NodeId.member(e.consumer), 'fetch', e.count);
        break;
      default:
        break;
    }
  }
}
