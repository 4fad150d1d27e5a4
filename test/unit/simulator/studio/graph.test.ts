/**
 * The diagram's data: what each model's graph contains, that it follows the engine (consumers
 * joining, rebalances), and that the traffic per edge adds up to what the run counted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presetById } from '../../../../src/extension/core/simulator/presets/index.js';
import { ScenarioRun } from '../../../../src/extension/core/simulator/runtime/scenarioRun.js';
import { kafkaGraph } from '../../../../src/extension/core/simulator/studio/kafkaGraph.js';
import { rabbitGraph } from '../../../../src/extension/core/simulator/studio/rabbitGraph.js';
import { busy } from '../runtime/fixtures.js';
import { runUntilStopped, session, wide } from './support.js';

const ids = (list: readonly { id: string }[]): string[] => list.map((x) => x.id).sort();

describe('studio graphs', () => {
  it('RabbitMQ: producer → exchange → bound queues → consumers, and dead-letter edges', () => {
    const run = new ScenarioRun(busy, { model: 'rabbitmq' });
    run.runUntil(2000);
    const g = rabbitGraph(run);
    assert.ok(ids(g.nodes).includes('x:ex') && ids(g.nodes).includes('x:dlx'));
    const edges = g.edges.map((e) => `${e.kind} ${e.from} ${e.to}${e.label ? ` ${e.label}` : ''}`).sort();
    for (const expected of ['publish p:p x:ex', 'publish p:p2 x:ex', 'route x:ex q:q k.#', 'route x:ex q:audit #', 'route x:dlx q:dead', 'deadLetter q:q x:dlx', 'deliver q:q c:c#0', 'deliver q:q c:c#1', 'deliver q:audit c:auditor#0']) {
      assert.ok(edges.includes(expected), `missing ${expected} in\n${edges.join('\n')}`);
    }
    // The late consumer joined at 1.5 s, on the dead-letter queue.
    assert.ok(edges.includes('deliver q:dead c:late#0'));
  });

  it('RabbitMQ at 20 queues: every queue, binding and consumer is drawn once', () => {
    const run = new ScenarioRun(wide(), { model: 'rabbitmq' });
    run.run();
    const g = rabbitGraph(run);
    assert.equal(g.nodes.filter((n) => n.kind === 'queue').length, 20);
    assert.equal(g.edges.filter((e) => e.kind === 'route').length, 20);
    assert.equal(g.edges.filter((e) => e.kind === 'deliver').length, 20);
    assert.equal(new Set(g.edges.map((e) => e.id)).size, g.edges.length);
  });

  it('Kafka at 12 partitions: each partition is fetched by exactly one member of the group once it is stable', () => {
    const run = new ScenarioRun(wide(), { model: 'kafka' });
    run.runUntil(500);
    const g = kafkaGraph(run);
    const partitions = g.nodes.filter((n) => n.kind === 'partition');
    assert.equal(partitions.length, 12);
    assert.ok(partitions.every((p) => p.parent === 't:events'));
    assert.ok(g.nodes.filter((n) => n.kind === 'member').every((m) => m.parent === 'g:g'));
    const fetch = g.edges.filter((e) => e.kind === 'fetch');
    assert.deepEqual(fetch.map((e) => e.from).sort(), ids(partitions));
    assert.equal(g.edges.filter((e) => e.kind === 'append').length, 12);
  });

  it('Kafka: a crash and the rebalance after it move the partition arrows', () => {
    const sc = presetById('consumerCrash')!.scenario;
    const run = new ScenarioRun(sc, { model: 'kafka' });
    run.runUntil(1500);
    assert.deepEqual(kafkaGraph(run).edges.filter((e) => e.kind === 'fetch').map((e) => e.to), ['m:worker#0']);
    run.runUntil(2000);
    // Crashed at 1.95 s: the dead member owns nothing any more in the drawing.
    assert.deepEqual(kafkaGraph(run).edges.filter((e) => e.kind === 'fetch'), []);
    run.run();
    assert.deepEqual(kafkaGraph(run).edges.filter((e) => e.kind === 'fetch').map((e) => e.to), ['m:worker#0']);
  });
});

describe('traffic per edge', () => {
  it('adds up to what the runs counted: deliveries on RabbitMQ, polled records and appends on Kafka', () => {
    const { s, clock, frames } = session(busy);
    s.setSpeed('max');
    runUntilStopped(s, clock);
    s.frame(false);
    const total = (model: string, kind: string): number => {
      let n = 0;
      for (const f of frames) {
        const m = f.models.find((x) => x.model === model)!;
        for (const [id, count] of Object.entries(m.flows)) {
          const [from, to] = id.split('->') as [string, string];
          const k = from.startsWith('q:') && to.startsWith('c:') ? 'deliver' : from.startsWith('tp:') && to.startsWith('m:') ? 'fetch' : from.startsWith('p:') && to.startsWith('tp:') ? 'append' : from.startsWith('p:') ? 'publish' : 'other';
          if (k === kind) n += count;
        }
      }
      return n;
    };
    const [rabbit, kafka] = s.runs;
    assert.equal(total('rabbitmq', 'deliver'), rabbit!.ctx.metrics.delivered);
    assert.equal(total('rabbitmq', 'publish'), rabbit!.ctx.metrics.published);
    assert.equal(total('kafka', 'fetch'), kafka!.ctx.metrics.delivered);
    assert.equal(total('kafka', 'append'), kafka!.ctx.metrics.published);
  });
});
