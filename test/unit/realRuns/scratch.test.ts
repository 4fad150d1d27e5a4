import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBound } from '../../../src/extension/core/realRuns/realRun.js';
import { scenarioMessageCount } from '../../../src/extension/core/realRuns/realTime.js';
import { isScratchName, newRunId, runIdOf, scratchName, SCRATCH_PREFIX } from '../../../src/extension/core/realRuns/scratchNames.js';
import { scratchScenario } from '../../../src/extension/core/realRuns/scratchScenario.js';
import { PRESETS, presetById } from '../../../src/extension/core/simulator/index.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';

describe('scratch names of a run on real brokers', () => {
  it('names carry the prefix and the run id, and only run names are recognised', () => {
    const id = newRunId();
    assert.match(id, /^[0-9a-f]{10}$/);
    const n = scratchName(id, 'orders');
    assert.equal(n, `${SCRATCH_PREFIX}${id}.orders`);
    assert.equal(runIdOf(n), id);
    assert.ok(isScratchName(n));
    assert.ok(!isScratchName('orders'));
    assert.ok(!isScratchName('brokerlens.scratch.'));
    assert.ok(!isScratchName('brokerlens.scratchy.abcdef01.x'));
  });

  it('every broker-side name of every preset moves into the scratch space; references follow', () => {
    for (const p of PRESETS) {
      const s = scratchScenario(p.scenario, 'abcdef0123');
      const names = [
        ...s.topology.rabbitmq.exchanges.map((x) => x.name),
        ...s.topology.rabbitmq.queues.map((q) => q.name),
        ...s.topology.rabbitmq.bindings.flatMap((b) => [b.exchange, b.queue]),
        ...s.topology.kafka.topics.map((t) => t.name),
        ...s.producers.flatMap((x) => [x.target.kafka.topic, ...(x.target.rabbitmq.exchange ? [x.target.rabbitmq.exchange] : [])]),
        ...s.consumers.flatMap((c) => [c.source.rabbitmq.queue, c.source.kafka.topic, c.source.kafka.group]),
        ...(s.events ?? []).flatMap((e) => (e.type === 'groupJoins' ? [e.consumer.source.rabbitmq.queue, e.consumer.source.kafka.group] : [])),
      ];
      for (const n of names) assert.equal(runIdOf(n), 'abcdef0123', `${p.id}: ${n}`);
      // Through the default exchange the routing key is the (renamed) queue.
      for (const x of s.producers) if (x.target.rabbitmq.exchange === '') assert.ok(s.topology.rabbitmq.queues.some((q) => q.name === x.target.rabbitmq.routingKey), `${p.id}: ${x.target.rabbitmq.routingKey}`);
      // The original is untouched.
      assert.ok(!isScratchName(p.scenario.topology.kafka.topics[0]!.name));
    }
  });

  it('a scenario over the message bound is refused with one sentence before anything runs', () => {
    const s = presetById('burstOverload')!.scenario;
    assert.equal(scenarioMessageCount(s), 500 + 900);
    checkBound(s, 1400);
    assert.throws(() => checkBound(s, 1399), (e: unknown) => isBrokerError(e) && e.code === 'invalidInput' && /1400 messages, more than the 1399/.test(e.message) && e.message.includes('brokerlens.realRuns.maxMessages'));
  });
});
