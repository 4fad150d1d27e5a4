/**
 * A "broker" that accepts TCP connections and never answers (a black hole on 127.0.0.1): every
 * operation of the Kafka and RabbitMQ adapters ends within its timeout with one clear sentence. The
 * same check against real brokers frozen with SIGSTOP mid-session is in kafkaLeaderKill.test.ts and
 * rabbitmqRestart.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KafkaAdapter } from '../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { RabbitMqAdapter } from '../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import { BlackHole, everyOperationEnds, outcomeTable } from './unresponsive.js';

const REQUEST_MS = 1_500;
const CONNECT_MS = 1_500;

describe('a broker that accepts TCP and never answers', () => {
  const hole = new BlackHole();
  const mgmtHole = new BlackHole();
  before(async () => {
    await hole.start();
    await mgmtHole.start();
  });
  after(async () => {
    await hole.stop();
    await mgmtHole.stop();
  });

  it('Kafka: every operation ends within its timeout with one sentence', { timeout: 120_000 }, async () => {
    const kafka = new KafkaAdapter({ kind: 'kafka', id: 'hole', name: 'hole', brokers: [`127.0.0.1:${hole.port}`], requestTimeoutMs: REQUEST_MS, connectionTimeoutMs: CONNECT_MS }, {});
    const tailStop = new AbortController();
    // kafkajs retries a request twice; the bound allows for that and the backoff, not more.
    const bound = 4 * REQUEST_MS + 2 * CONNECT_MS + 2_000;
    const outcomes = await everyOperationEnds(
      {
        connect: () => kafka.connect(),
        overview: () => kafka.overview(),
        listDestinations: () => kafka.listDestinations(),
        createDestination: () => kafka.createDestination({ kind: 'topic', name: 'faults.hole', partitions: 1, replicationFactor: 1 }),
        deleteDestination: () => kafka.deleteDestination('faults.hole', 'faults.hole'),
        publish: () => kafka.publish({ destination: 'faults.hole' }, [{ value: 'x' }]),
        browse: () => kafka.browse({ destination: 'faults.hole', start: { kind: 'latest' }, limit: 10 }),
        tail: () => kafka.tail({ destination: 'faults.hole' }, () => undefined, tailStop.signal),
        listPartitions: () => kafka.partitions.listPartitions('faults.hole'),
        describeConfigs: () => kafka.partitions.describeConfigs('faults.hole'),
        listGroups: () => kafka.consumerGroups.listGroups(),
        describeGroup: () => kafka.consumerGroups.describeGroup('faults.hole.group'),
        previewOffsetReset: () => kafka.consumerGroups.previewOffsetReset({ groupId: 'faults.hole.group', topic: 'faults.hole', target: { kind: 'earliest' } } as never),
      },
      bound,
    );
    tailStop.abort();
    await kafka.disconnect();
    console.log(outcomeTable(`Kafka adapter against a black hole (request and connection timeouts ${REQUEST_MS} ms, bound ${bound} ms)`, outcomes));
    for (const o of outcomes) assert.ok(['timeout', 'unreachable'].includes(o.code), `${o.operation}: ${o.code}`);
  });

  it('RabbitMQ: connect ends within the connection timeout, and every later operation says the connection is not open', { timeout: 120_000 }, async () => {
    const rabbit = new RabbitMqAdapter(
      { kind: 'rabbitmq', id: 'hole', name: 'hole', amqpUrl: `amqp://127.0.0.1:${hole.port}/`, managementUrl: `http://127.0.0.1:${mgmtHole.port}`, username: 'guest', connectionTimeoutMs: CONNECT_MS },
      { password: 'guest' },
    );
    const bound = CONNECT_MS + 2_500;
    const outcomes = await everyOperationEnds(
      {
        connect: () => rabbit.connect(),
        // Not connected: each operation says so at once, rather than waiting on a socket.
        listDestinations: () => rabbit.listDestinations(),
        publish: () => rabbit.publish({ destination: '', routingKey: 'faults.hole' }, [{ value: 'x' }]),
        browse: () => rabbit.browse({ destination: 'faults.hole', start: { kind: 'earliest' }, limit: 10, acceptRequeue: true }),
        queueDepth: () => rabbit.queueDepth('faults.hole'),
        createDestination: () => rabbit.createDestination({ kind: 'queue', name: 'faults.hole', queueType: 'classic' } as never),
        deadLetters: () => rabbit.deadLetters.list('faults.hole', 10),
        listExchanges: () => rabbit.exchanges.listExchanges(),
      },
      bound,
    );
    await rabbit.disconnect();
    console.log(outcomeTable(`RabbitMQ adapter against a black hole (connection timeout ${CONNECT_MS} ms, bound ${bound} ms)`, outcomes));
    assert.ok(['timeout', 'unreachable'].includes(outcomes[0]!.code), outcomes[0]!.message);
    for (const o of outcomes.slice(1)) assert.equal(o.code, 'disconnected', `${o.operation}: ${o.message}`);
  });
});
