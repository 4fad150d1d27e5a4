/**
 * What the panel does for a RabbitMQ queue's consumers, free of `vscode`: one management call per
 * poll (the simulator: one read of the model) and a bounded history of ready, unacked and the
 * broker's publish, deliver and ack rates for the chart.
 */
import type { QueueConsumersFacet } from '../../core/model/queueConsumers.js';
import type { QueueHistoryPoint, QueueView } from '../../protocol/groupsPanel.js';
import { HISTORY_LIMIT } from './groupSession.js';

/** One poll's result. */
export interface QueueSnapshot {
  readonly queue: QueueView;
  readonly history: readonly QueueHistoryPoint[];
}

/** One queue's polling. */
export class QueueSession {
  private readonly history: QueueHistoryPoint[] = [];

  constructor(
    private readonly facet: QueueConsumersFacet,
    readonly queue: string,
    private readonly now: () => number = Date.now,
  ) {}

  async poll(): Promise<QueueSnapshot> {
    const d = await this.facet.describeQueueConsumers(this.queue);
    this.history.push({
      at: this.now(),
      ready: d.ready,
      unacked: d.unacked,
      publishRate: d.rates?.publish ?? null,
      deliverRate: d.rates?.deliver ?? null,
      ackRate: d.rates?.ack ?? null,
    });
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    return {
      queue: {
        queue: d.queue,
        ...(d.type ? { type: d.type } : {}),
        ready: d.ready,
        unacked: d.unacked,
        singleActiveConsumer: d.singleActiveConsumer,
        consumers: d.consumers.map((c) => ({ ...c })),
      },
      history: [...this.history],
    };
  }
}
