import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isScenarioError, parseScenario, requireScenario, structuralProblems } from '../../../../src/extension/core/simulator/scenario/validate.js';
import { PRESETS } from '../../../../src/extension/core/simulator/presets/index.js';
import { ScenarioRun } from '../../../../src/extension/core/simulator/runtime/scenarioRun.js';
import { checkJsonSchema } from './jsonSchemaSubset.js';
import { consumer, producer, scenario } from './fixtures.js';

const jsonSchema = JSON.parse(readFileSync(new URL('../../../../schemas/scenario.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** Sets a value at a dotted path ("producers.0.keys") of a parsed JSON document. */
function set(doc: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = doc as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[keys.at(-1)!] = value;
}

function problems(raw: unknown): readonly string[] {
  const r = parseScenario(raw);
  return r.ok ? [] : r.problems;
}

test('a valid scenario parses, from an object or from JSON text', () => {
  assert.equal(parseScenario(scenario()).ok, true);
  assert.equal(parseScenario(JSON.stringify(scenario())).ok, true);
});

test('a missing field is reported as "path: required", with array indexes', () => {
  const c = consumer({ id: 'c2' }) as unknown as { source: { kafka: Record<string, string> } };
  delete c.source.kafka['group'];
  const raw = scenario({ consumers: [consumer(), c as never] });
  assert.deepEqual(problems(raw), ['consumers[1].source.kafka.group: required']);
});

test('every problem is reported in one pass, structural and cross-reference together', () => {
  const raw = JSON.parse(JSON.stringify(scenario())) as Record<string, unknown>;
  set(raw, 'seed', -1);
  set(raw, 'durationMs', 1000); // untilIdle is also set
  set(raw, 'producers.0.target.rabbitmq.exchange', 'missing');
  set(raw, 'producers.0.keys', { kind: 'hot', keys: 5 });
  set(raw, 'producers.0.colour', 'red');
  set(raw, 'consumers.0.strategy.kafka', 'sometimes');
  set(raw, 'consumers.0.source.rabbitmq.queue', 'nope');
  set(raw, 'events', [{ atMs: 10, type: 'consumerCrash', consumer: 'ghost' }, { atMs: 5, type: 'explode' }, { atMs: 1, type: 'burst', producer: 'p2', count: 1, ratePerSec: 1 }]);
  const got = problems(raw);
  for (const expected of [
    'seed: must be at least 0',
    'producers[0].keys.hotShare: required',
    'producers[0].colour: unknown field',
    'consumers[0].strategy.kafka: must be one of commit-after, commit-before, auto',
    'events[1].type: type must be one of consumerCrash, consumerRestart, brokerRestart, groupJoins, retentionPasses, burst',
    'durationMs: set exactly one of durationMs and "untilIdle": true',
    'producers[0].target.rabbitmq.exchange: no exchange "missing" in topology.rabbitmq.exchanges',
    'consumers[0].source.rabbitmq.queue: no queue "nope" in topology.rabbitmq.queues',
    'events[0].consumer: no consumer "ghost" in consumers or a groupJoins event',
    'events[2].producer: no producer "p2" in producers',
  ]) assert.ok(got.includes(expected), `missing "${expected}" in:\n${got.join('\n')}`);
  assert.equal(got.length, 10, got.join('\n'));
});

test('cross-references: topics, bindings, dead-letter exchanges, duplicate ids, instance numbers', () => {
  const raw = scenario({
    topology: {
      rabbitmq: {
        exchanges: [{ name: 'ex', type: 'direct' }, { name: 'ex', type: 'fanout' }],
        queues: [{ name: 'q', arguments: { deadLetterExchange: 'dlx', maxPriority: 5 } }, { name: 's', type: 'stream', arguments: { messageTtlMs: 5 } }, { name: 'qq', type: 'quorum', arguments: { maxPriority: 2 } }],
        bindings: [{ exchange: 'ex', queue: 'q2', routingKey: 'k' }, { exchange: 'amq.topic', queue: 'q' }],
      },
      kafka: { topics: [{ name: 't', partitions: 1 }] },
    },
    producers: [producer({ target: { rabbitmq: { exchange: 'amq.fanout', routingKey: '' }, kafka: { topic: 'nope' } } }), producer()],
    consumers: [consumer({ count: 2 }), consumer({ id: 'c3', source: { rabbitmq: { queue: 's' }, kafka: { topic: 't', group: 'g' } }, strategy: { rabbitmq: 'auto-ack', kafka: 'auto' } })],
    events: [{ atMs: 1, type: 'consumerCrash', consumer: 'c', instance: 2 }, { atMs: 2, type: 'groupJoins', consumer: consumer() }],
  });
  assert.deepEqual([...problems(raw)].sort(), [
    'consumers[1].strategy.rabbitmq: a stream queue does not support auto-ack (RabbitMQ refuses it)',
    'events[0].instance: consumer "c" has 2 instance(s), numbered from 0',
    'events[1].consumer.id: duplicate "c" (a consumer with this id already exists)',
    'producers[0].target.kafka.topic: no topic "nope" in topology.kafka.topics',
    'producers[1].id: duplicate "p"',
    'topology.rabbitmq.bindings[0].queue: no queue "q2" in topology.rabbitmq.queues',
    'topology.rabbitmq.exchanges[1].name: duplicate "ex"',
    'topology.rabbitmq.queues[0].arguments.deadLetterExchange: no exchange "dlx" in topology.rabbitmq.exchanges',
    'topology.rabbitmq.queues[1].arguments.messageTtlMs: not supported by stream queues',
    'topology.rabbitmq.queues[2].arguments.maxPriority: only classic queues have priorities',
  ]);
});

test('garbage in never throws and always yields path: reason lines', () => {
  fc.assert(fc.property(fc.jsonValue(), (raw) => {
    const r = parseScenario(raw);
    assert.equal(r.ok, false);
    if (!r.ok) for (const p of r.problems) assert.match(p, /^.+: \S/s);
  }), { numRuns: 300 });
  assert.match(problems('{not json').join(), /^\(scenario\): not valid JSON \(/);
});

test('requireScenario throws one ScenarioError listing every problem, not a stack of errors', () => {
  const raw = { ...scenario(), version: 2 };
  assert.throws(() => requireScenario(raw), (err: unknown) => isScenarioError(err) && err.problems.length === 1 && /version: must be 1/.test(err.message));
});

test('every preset is valid against the valibot schema and against schemas/scenario.schema.json', () => {
  for (const p of PRESETS) {
    const raw = JSON.parse(JSON.stringify(p.scenario)) as unknown;
    assert.deepEqual(problems(raw), [], p.id);
    assert.deepEqual(checkJsonSchema(jsonSchema, raw), [], p.id);
  }
});

/** Every (parent, key) of a JSON value, for mutating one spot. */
function spots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): [Record<string, unknown> | unknown[], string | number][] {
  if (Array.isArray(value)) value.forEach((v, i) => { out.push([value, i]); spots(v, out); });
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) { out.push([value as Record<string, unknown>, k]); spots(v, out); }
  return out;
}

const REPLACEMENTS: unknown[] = [null, 'x', '', -1, 0, 1, 1.5, 7, 70000, 1e12, true, {}, [], 'key-0', 'direct', 'a'.repeat(300), { min: 3, max: 2 }, { kind: 'none' }];

test('the JSON Schema and the valibot schema agree on mutated presets (structure only)', () => {
  fc.assert(fc.property(fc.nat(PRESETS.length - 1), fc.nat(), fc.nat(REPLACEMENTS.length + 1), (pi, si, ri) => {
    const doc = JSON.parse(JSON.stringify(PRESETS[pi]!.scenario)) as Record<string, unknown>;
    const all = spots(doc);
    const [parent, key] = all[si % all.length]!;
    if (ri === REPLACEMENTS.length) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (ri === REPLACEMENTS.length + 1) {
      if (!Array.isArray(parent)) parent['unexpected'] = 1;
    } else {
      (parent as Record<string | number, unknown>)[key] = structuredClone(REPLACEMENTS[ri]);
    }
    const valibotOk = structuralProblems(doc).length === 0;
    const jsonOk = checkJsonSchema(jsonSchema, doc).length === 0;
    assert.equal(jsonOk, valibotOk, `disagree after changing ${String(key)}: valibot ${structuralProblems(doc).join('; ')} / json ${checkJsonSchema(jsonSchema, doc).join('; ')}`);
  }), { numRuns: 2000 });
});

test('the example in docs/scenarios.md is valid on both schemas and runs on both models', () => {
  const doc = readFileSync(new URL('../../../../docs/scenarios.md', import.meta.url), 'utf8');
  const example = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
  assert.ok(example, 'docs/scenarios.md has a json example');
  const raw = JSON.parse(example) as unknown;
  assert.deepEqual(checkJsonSchema(jsonSchema, raw), []);
  const scenario = requireScenario(raw);
  for (const model of ['rabbitmq', 'kafka'] as const) {
    const s = new ScenarioRun(scenario, { model }).run();
    // As the doc says: 200 e-mails on both, none left in RabbitMQ, all 200 records kept by Kafka.
    assert.deepEqual([s.uniqueProcessed, s.lost, s.leftAfterConsumption], [200, 0, model === 'kafka' ? 200 : 0]);
  }
});
