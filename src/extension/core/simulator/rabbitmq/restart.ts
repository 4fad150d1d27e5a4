/**
 * What survives a RabbitMQ restart (after every connection has dropped): durable exchanges, durable
 * queues, bindings between two durable ends, and in durable classic queues only persistent
 * (delivery-mode 2) messages. Quorum queues and streams log every message, whatever its delivery
 * mode. Requeued unacked messages come back marked redelivered, in their original positions.
 */
import type { RabbitEngine } from './engine.js';
import type { Topology } from './topology.js';

/** Applies a restart to the engine's tables. */
export function restartBroker(engine: RabbitEngine, topology: Topology): void {
  const now = engine.clock.now();
  for (const q of [...engine.queues.values()]) {
    if (!q.durable) {
      topology.removeQueue(q, 'restart');
      continue;
    }
    q.lastUsed = now;
    q.headSince = now;
    if (q.type !== 'classic') continue;
    for (const e of q.purge()) {
      if (e.msg.persistent) q.push(e, now);
      else engine.emit('dropped', e.msg.id, q.name, 'restart');
    }
  }
  for (const x of [...engine.exchanges.values()]) if (!x.durable && !x.deleted) topology.removeExchange(x);
  topology.declareSystemExchanges();
}
