/**
 * Breakpoints pause the studio right after the scheduler entry that made them true, and say why.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presetById } from '../../../../src/extension/core/simulator/presets/index.js';
import type { RabbitDriver } from '../../../../src/extension/core/simulator/runtime/rabbitDriver.js';
import type { KafkaDriver } from '../../../../src/extension/core/simulator/runtime/kafkaDriver.js';
import type { BreakpointSpec } from '../../../../src/extension/core/simulator/studio/breakpoints.js';
import { busy, consumer, producer, scenario } from '../runtime/fixtures.js';
import { runUntilStopped, session } from './support.js';

function hitOf(spec: BreakpointSpec, sc = busy): ReturnType<typeof session> & { hit: NonNullable<ReturnType<typeof extract>> } {
  const ctx = session(sc);
  ctx.s.setBreakpoints([spec]);
  ctx.s.setSpeed('max');
  runUntilStopped(ctx.s, ctx.clock);
  const hit = extract(ctx.s.reason);
  assert.ok(hit, `no breakpoint fired: ${JSON.stringify(ctx.s.reason)}`);
  return { ...ctx, hit };
}

function extract(reason: unknown): Extract<NonNullable<ReturnType<typeof session>['s']['reason']>, { kind: 'breakpoint' }>['hit'] | undefined {
  const r = reason as { kind?: string; hit?: never } | undefined;
  return r?.kind === 'breakpoint' ? r.hit : undefined;
}

const keyed = scenario({
  producers: [producer({ count: 200, ratePerSec: 200, keys: { kind: 'roundRobin', keys: 6 }, headers: { tenant: 'acme' } })],
  consumers: [consumer({ count: 2 })],
}, 3);

describe('breakpoints', () => {
  it('dead-lettered: pauses on the entry that dead-lettered a message, naming the queue and the reason', () => {
    const { s, hit, frames } = hitOf({ id: 'dl', enabled: true, kind: 'deadLettered' });
    assert.equal(s.state, 'paused');
    assert.equal(hit.kind, 'deadLettered');
    assert.equal(hit.model, 'rabbitmq');
    if (hit.kind !== 'deadLettered') return;
    const frame = frames.at(-1)!;
    const event = frame.events.find((e) => e.type === 'dead-lettered');
    assert.ok(event, 'the frame shows the dead-lettering');
    assert.deepEqual([event.target, event.messageId, event.detail, event.time], [hit.queue, hit.messageId, hit.reason, hit.timeMs]);
    assert.equal(s.runs[0]!.timeMs, hit.timeMs);
  });

  it('rebalance: pauses when a consumer group rebalances, with the group and generation', () => {
    const { hit, s, clock } = hitOf({ id: 'rb', enabled: true, kind: 'rebalance' }, presetById('consumerCrash')!.scenario);
    assert.equal(hit.kind, 'rebalance');
    if (hit.kind !== 'rebalance') return;
    assert.deepEqual([hit.model, hit.group, hit.generation], ['kafka', 'payments-worker', 1]);
    // Resumed: the next rebalance (the crashed member's session timed out) has the next generation.
    runUntilStopped(s, clock);
    const next = extract(s.reason);
    assert.ok(next && next.kind === 'rebalance' && next.generation === 2 && next.timeMs > hit.timeMs, JSON.stringify(s.reason));
  });

  it('delivered with a key: pauses when a message with that key reaches a consumer, on either model', () => {
    const { hit, s } = hitOf({ id: 'k', enabled: true, kind: 'delivered', key: 'key-4' }, keyed);
    assert.equal(hit.kind, 'delivered');
    if (hit.kind !== 'delivered') return;
    assert.equal(hit.key, 'key-4');
    const run = s.runs.find((r) => r.model === hit.model)!;
    const k = run.ctx.keys.describe(run.ctx.messages.keyIndex(hit.messageId));
    assert.equal(k?.key, 'key-4');
    assert.match(hit.consumer, /^c#[01]$/);
  });

  it('delivered with a header: pauses on the first delivery of a message carrying it', () => {
    const { hit } = hitOf({ id: 'h', enabled: true, kind: 'delivered', header: { name: 'tenant', value: 'acme' } }, keyed);
    assert.equal(hit.kind, 'delivered');
    if (hit.kind === 'delivered') assert.deepEqual(hit.header, { name: 'tenant', value: 'acme' });
    const none = session(keyed);
    none.s.setBreakpoints([{ id: 'h', enabled: true, kind: 'delivered', header: { name: 'tenant', value: 'other' } }]);
    none.s.setSpeed('max');
    runUntilStopped(none.s, none.clock);
    assert.equal(none.s.state, 'finished', 'no message has tenant=other');
  });

  it('depth above N: pauses as the queue depth crosses N, and again only after it fell back and rose again', () => {
    const sc = presetById('burstOverload')!.scenario;
    const { s, hit, clock } = hitOf({ id: 'd', enabled: true, kind: 'depth', above: 50 }, sc);
    assert.equal(hit.kind, 'depth');
    if (hit.kind !== 'depth') return;
    const driver = s.runs[0]!.driver as RabbitDriver;
    assert.equal(driver.depthNow(), hit.value);
    assert.ok(hit.value > 50 && hit.value <= 55, `crossed at ${hit.value}`);
    // Resumed, it does not stop again at 52, 53, ...: only a new crossing fires.
    runUntilStopped(s, clock);
    if (s.state === 'paused') {
      const again = extract(s.reason);
      assert.ok(again && again.kind === 'depth' && again.timeMs > hit.timeMs);
    }
  });

  it('lag above N on one group: pauses when that group\'s lag crosses N', () => {
    const sc = presetById('burstOverload')!.scenario;
    const group = sc.consumers[0]!.source.kafka.group;
    const { s, hit } = hitOf({ id: 'l', enabled: true, kind: 'lag', above: 100, target: group }, sc);
    assert.equal(hit.kind, 'lag');
    if (hit.kind !== 'lag') return;
    assert.equal(hit.target, group);
    assert.equal((s.runs[1]!.driver as KafkaDriver).lagNow(group), hit.value);
    assert.ok(hit.value > 100);
  });

  it('a disabled breakpoint never fires', () => {
    const { s, clock } = session(busy);
    s.setBreakpoints([{ id: 'dl', enabled: false, kind: 'deadLettered' }]);
    s.setSpeed('max');
    runUntilStopped(s, clock);
    assert.equal(s.state, 'finished');
  });

  it('a Step that trips a breakpoint says so instead of "one step"', () => {
    const { s } = session(presetById('consumerCrash')!.scenario);
    s.setBreakpoints([{ id: 'rb', enabled: true, kind: 'rebalance' }]);
    for (let i = 0; i < 10_000 && s.reason?.kind !== 'breakpoint'; i++) s.step();
    assert.equal(s.reason?.kind, 'breakpoint');
  });
});
