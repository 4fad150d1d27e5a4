/**
 * Checks what a schema cannot: names that must refer to something declared elsewhere in the
 * scenario (a producer's exchange and topic, a consumer's queue, an event's consumer), ids that must
 * be unique, and combinations RabbitMQ or Kafka would refuse at run time (a stream queue with
 * auto-ack, a priority on a quorum queue). It reads the raw value defensively, so it can run
 * alongside the schema on a broken document and report everything in one pass.
 */

type Raw = Record<string, unknown>;

/** Exchanges every RabbitMQ vhost has without declaring them. */
export const BUILT_IN_EXCHANGES: readonly string[] = ['', 'amq.direct', 'amq.fanout', 'amq.topic', 'amq.headers', 'amq.match'];

function obj(x: unknown): Raw | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Raw) : undefined;
}

function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

/** Names declared by a list of objects, with duplicate problems. */
function names(list: unknown[], field: string, path: string, problems: string[]): Set<string> {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const name = str(obj(item)?.[field]);
    if (name === undefined) return;
    if (seen.has(name)) problems.push(`${path}[${i}].${field}: duplicate "${name}"`);
    seen.add(name);
  });
  return seen;
}

interface Declared {
  readonly exchanges: Set<string>;
  readonly queues: Map<string, Raw>;
  readonly topics: Set<string>;
}

function checkConsumerSource(c: Raw, path: string, d: Declared, problems: string[]): void {
  const source = obj(c['source']);
  const queue = str(obj(source?.['rabbitmq'])?.['queue']);
  if (queue !== undefined && queue !== '' && !d.queues.has(queue)) problems.push(`${path}.source.rabbitmq.queue: no queue "${queue}" in topology.rabbitmq.queues`);
  const topic = str(obj(source?.['kafka'])?.['topic']);
  if (topic !== undefined && topic !== '' && !d.topics.has(topic)) problems.push(`${path}.source.kafka.topic: no topic "${topic}" in topology.kafka.topics`);
  const q = queue === undefined ? undefined : d.queues.get(queue);
  const strategy = obj(c['strategy'])?.['rabbitmq'];
  if (q?.['type'] === 'stream') {
    if (strategy === 'auto-ack') problems.push(`${path}.strategy.rabbitmq: a stream queue does not support auto-ack (RabbitMQ refuses it)`);
    if (c['prefetch'] === 0) problems.push(`${path}.prefetch: a stream queue needs a prefetch above 0 (RabbitMQ refuses 0)`);
    const failures = typeof c['failureProbability'] === 'number' && c['failureProbability'] > 0;
    if (failures && strategy === 'ack-after') {
      problems.push(`${path}.failureProbability: a stream queue cannot nack or reject, so failures are not supported on it`);
    }
  }
  const pt = obj(c['processingMs']);
  if (pt && typeof pt['min'] === 'number' && typeof pt['max'] === 'number' && pt['min'] > pt['max']) {
    problems.push(`${path}.processingMs: min must not be greater than max`);
  }
}

function checkQueues(queues: unknown[], exchanges: Set<string>, problems: string[]): void {
  queues.forEach((item, i) => {
    const q = obj(item);
    const args = obj(q?.['arguments']);
    if (!q || !args) return;
    const path = `topology.rabbitmq.queues[${i}].arguments`;
    const type = q['type'] ?? 'classic';
    const dlx = str(args['deadLetterExchange']);
    if (dlx !== undefined && !exchanges.has(dlx) && !BUILT_IN_EXCHANGES.includes(dlx)) {
      problems.push(`${path}.deadLetterExchange: no exchange "${dlx}" in topology.rabbitmq.exchanges`);
    }
    if (args['maxPriority'] !== undefined && type !== 'classic') problems.push(`${path}.maxPriority: only classic queues have priorities`);
    if (args['deliveryLimit'] !== undefined && type !== 'quorum') problems.push(`${path}.deliveryLimit: only quorum queues have a delivery limit`);
    if (type === 'stream') {
      for (const key of ['messageTtlMs', 'maxLength', 'overflow', 'deadLetterExchange', 'deadLetterRoutingKey']) {
        if (args[key] !== undefined) problems.push(`${path}.${key}: not supported by stream queues`);
      }
    }
  });
}

/** Every cross-reference problem of a (possibly malformed) scenario, as "path: reason" lines. */
export function crossReferenceProblems(raw: Raw): string[] {
  const problems: string[] = [];
  const hasDuration = raw['durationMs'] !== undefined;
  const untilIdle = raw['untilIdle'] === true;
  if (hasDuration === untilIdle) problems.push('durationMs: set exactly one of durationMs and "untilIdle": true');

  const topology = obj(raw['topology']);
  const rabbit = obj(topology?.['rabbitmq']);
  const kafka = obj(topology?.['kafka']);
  const exchanges = names(arr(rabbit?.['exchanges']), 'name', 'topology.rabbitmq.exchanges', problems);
  const queueList = arr(rabbit?.['queues']);
  names(queueList, 'name', 'topology.rabbitmq.queues', problems);
  const queues = new Map<string, Raw>();
  for (const q of queueList) {
    const name = str(obj(q)?.['name']);
    if (name !== undefined) queues.set(name, obj(q)!);
  }
  const topics = names(arr(kafka?.['topics']), 'name', 'topology.kafka.topics', problems);
  const declared: Declared = { exchanges, queues, topics };
  for (const x of exchanges) if (x.startsWith('amq.')) problems.push(`topology.rabbitmq.exchanges: "${x}" is reserved (names starting with amq. are RabbitMQ's)`);

  checkQueues(queueList, exchanges, problems);
  arr(rabbit?.['bindings']).forEach((item, i) => {
    const b = obj(item);
    const x = str(b?.['exchange']);
    const q = str(b?.['queue']);
    if (x !== undefined && x !== '' && !exchanges.has(x) && !BUILT_IN_EXCHANGES.includes(x)) problems.push(`topology.rabbitmq.bindings[${i}].exchange: no exchange "${x}" in topology.rabbitmq.exchanges`);
    if (x === '') problems.push(`topology.rabbitmq.bindings[${i}].exchange: the default exchange cannot be bound`);
    if (q !== undefined && q !== '' && !queues.has(q)) problems.push(`topology.rabbitmq.bindings[${i}].queue: no queue "${q}" in topology.rabbitmq.queues`);
  });

  const producers = arr(raw['producers']);
  const producerIds = names(producers, 'id', 'producers', problems);
  producers.forEach((item, i) => {
    const target = obj(obj(item)?.['target']);
    const x = str(obj(target?.['rabbitmq'])?.['exchange']);
    if (x !== undefined && !exchanges.has(x) && !BUILT_IN_EXCHANGES.includes(x)) problems.push(`producers[${i}].target.rabbitmq.exchange: no exchange "${x}" in topology.rabbitmq.exchanges`);
    const t = str(obj(target?.['kafka'])?.['topic']);
    if (t !== undefined && t !== '' && !topics.has(t)) problems.push(`producers[${i}].target.kafka.topic: no topic "${t}" in topology.kafka.topics`);
  });

  const consumers = arr(raw['consumers']);
  const consumerIds = names(consumers, 'id', 'consumers', problems);
  const counts = new Map<string, number>();
  consumers.forEach((item, i) => {
    const c = obj(item);
    if (!c) return;
    checkConsumerSource(c, `consumers[${i}]`, declared, problems);
    const cid = str(c['id']);
    if (cid !== undefined) counts.set(cid, typeof c['count'] === 'number' ? c['count'] : 1);
  });

  const events = arr(raw['events']);
  // Consumers that join later are declared by their event, and may be crashed by later events.
  events.forEach((item, i) => {
    const e = obj(item);
    const c = obj(e?.['consumer']);
    if (e?.['type'] !== 'groupJoins' || !c) return;
    checkConsumerSource(c, `events[${i}].consumer`, declared, problems);
    const cid = str(c['id']);
    if (cid === undefined) return;
    if (consumerIds.has(cid)) {
      problems.push(`events[${i}].consumer.id: duplicate "${cid}" (a consumer with this id already exists)`);
      return;
    }
    consumerIds.add(cid);
    counts.set(cid, typeof c['count'] === 'number' ? c['count'] : 1);
  });
  events.forEach((item, i) => {
    const e = obj(item);
    if (!e) return;
    if (e['type'] === 'consumerCrash' || e['type'] === 'consumerRestart') {
      const cid = str(e['consumer']);
      if (cid !== undefined && !consumerIds.has(cid)) problems.push(`events[${i}].consumer: no consumer "${cid}" in consumers or a groupJoins event`);
      const n = cid === undefined ? undefined : counts.get(cid);
      if (typeof e['instance'] === 'number' && n !== undefined && e['instance'] >= n) {
        problems.push(`events[${i}].instance: consumer "${cid}" has ${n} instance(s), numbered from 0`);
      }
    }
    if (e['type'] === 'burst') {
      const pid = str(e['producer']);
      if (pid !== undefined && !producerIds.has(pid)) problems.push(`events[${i}].producer: no producer "${pid}" in producers`);
    }
  });
  return problems;
}
