/**
 * What the Simulator connection holds when it opens: a small shop, so a first look at the explorer
 * shows routing, counts, partitions and lag rather than empty folders. The same story on both models:
 * orders are placed, paid and shipped; e-mail, billing and audit each get what they need.
 */
import type { KafkaCluster } from '../../simulator/kafka/cluster.js';
import type { RabbitBroker } from '../../simulator/rabbitmq/broker.js';

const encoder = new TextEncoder();
const EVENTS: readonly { readonly order: string; readonly type: 'placed' | 'paid' | 'shipped'; readonly total: number }[] = [
  { order: 'o-1001', type: 'placed', total: 42.5 },
  { order: 'o-1002', type: 'placed', total: 18 },
  { order: 'o-1001', type: 'paid', total: 42.5 },
  { order: 'o-1003', type: 'placed', total: 99.9 },
  { order: 'o-1002', type: 'paid', total: 18 },
  { order: 'o-1001', type: 'shipped', total: 42.5 },
];

function body(e: (typeof EVENTS)[number], i: number): Uint8Array {
  return encoder.encode(JSON.stringify({ event: `order.${e.type}`, orderId: e.order, total: e.total, seq: i + 1 }));
}

/** Exchanges, queues of each type and bindings, with the events routed through them. */
export function seedRabbitDemo(broker: RabbitBroker): void {
  broker.declareExchange('shop.events', 'topic', { durable: true });
  broker.declareQueue('email.confirmations', { durable: true });
  broker.declareQueue('billing.invoices', { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  broker.declareQueue('audit.log', { durable: true, arguments: { 'x-queue-type': 'stream' } });
  broker.bind('email.confirmations', 'shop.events', 'order.placed');
  broker.bind('billing.invoices', 'shop.events', 'order.paid');
  broker.bind('audit.log', 'shop.events', 'order.#');
  const channel = broker.openChannel(broker.openConnection('demo'));
  EVENTS.forEach((e, i) =>
    broker.publish(channel, 'shop.events', `order.${e.type}`, body(e, i), {
      properties: { contentType: 'application/json', deliveryMode: 2, messageId: `${e.order}-${e.type}` },
    }),
  );
  broker.closeChannel(channel);
}

/** A keyed topic and a consumer group that has read part of it, so lag shows. */
export function seedKafkaDemo(cluster: KafkaCluster): void {
  cluster.createTopic('orders', { partitions: 3 });
  cluster.createTopic('payments', { partitions: 1 });
  cluster.produce(
    'orders',
    EVENTS.map((e, i) => ({ key: encoder.encode(e.order), value: body(e, i), headers: [{ key: 'source', value: encoder.encode('shop') }] })),
  );
  cluster.produce(
    'payments',
    EVENTS.filter((e) => e.type === 'paid').map((e, i) => ({ key: encoder.encode(e.order), value: body(e, i) })),
  );
  // billing-service read the first records of each partition, committed, and stopped: it has lag.
  const member = cluster.joinGroup('billing-service', { topics: ['orders'], enableAutoCommit: false, maxPollRecords: 2, autoOffsetReset: 'earliest', clientId: 'billing-service-1' });
  for (let i = 0; i < 5; i++) {
    if (cluster.poll('billing-service', member).count > 0) break;
  }
  cluster.commit('billing-service', member);
  cluster.leaveGroup('billing-service', member);
}
