/**
 * The simulator's cooperative-sticky assignor against Java's CooperativeStickyAssignor itself (from
 * the kafka-clients 4.x jar), on cases fast-check generates: several topics, members subscribed to
 * different subsets (the general path), owned partitions from earlier generations, partitions claimed
 * twice, members of topics they left; and chains of rebalances where members join, leave and change
 * subscriptions, each round's owned partitions being the previous round's assignment.
 *
 * The seed is printed; FIDELITY_SEED=<seed> replays a run, FIDELITY_SIZE=<n> sets the number of cases.
 * Without the jars (no `npm run brokers:up` yet) the suite is skipped with one loud line, or fails
 * under REQUIRE_BROKERS=1.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Subscription, TopicPartition } from '../../../../src/extension/core/simulator/kafka/assignors.js';
import { cooperativeStickyAssign } from '../../../../src/extension/core/simulator/kafka/stickyAssignor.js';
import { compileKafkaJava, kafkaClientsClasspath, runKafkaJava } from '../../../support/kafkaJava.js';

interface AssignCase {
  readonly name: string;
  readonly partitionsPerTopic: Map<string, number>;
  readonly members: Subscription[];
}

const SEED = Number(process.env.FIDELITY_SEED ?? Date.now() % 2_147_483_647);
const SIZE = Number(process.env.FIDELITY_SIZE ?? 300);
const TOPIC_POOL = ['orders', 'payments', 'audit', 't0', 't1', 'clicks'];

const memberIds = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/), { minLength: 1, maxLength: 7 });

/** One rebalance with arbitrary (possibly conflicting) ownership. */
const singleCase = fc.record({
  topics: fc.uniqueArray(fc.constantFrom(...TOPIC_POOL), { minLength: 1, maxLength: 4 }).chain((names) =>
    fc.tuple(fc.constant(names), fc.array(fc.integer({ min: 1, max: 8 }), { minLength: names.length, maxLength: names.length }))),
  ids: memberIds,
  seed: fc.integer(),
}).map(({ topics: [names, counts], ids, seed }) => {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const generations = [-1, 4, 5, 5, 5];
  const members = ids.map((memberId) => {
    const topics = names.filter(() => rnd() < 0.6);
    if (topics.length === 0) topics.push(pick(names));
    return { memberId, topics, ownedPartitions: [] as TopicPartition[], generation: pick(generations) };
  });
  // Owners from a previous assignment: some partitions free, a few claimed by two members.
  for (let t = 0; t < names.length; t++) {
    for (let p = 0; p < counts[t]!; p++) {
      if (rnd() < 0.25) continue;
      pick(members).ownedPartitions.push({ topic: names[t]!, partition: p });
      if (rnd() < 0.05) pick(members).ownedPartitions.push({ topic: names[t]!, partition: p });
    }
  }
  const subscribed = new Set(members.flatMap((m) => m.topics));
  const partitionsPerTopic = new Map(names.map((n, i) => [n, counts[i]!] as const).filter(([n]) => subscribed.has(n)));
  const dedup = members.map((m) => ({ ...m, ownedPartitions: uniqueTps(m.ownedPartitions) }));
  return { partitionsPerTopic, members: dedup };
});

/** A chain of cooperative rebalances: joins, leaves and subscription changes; owned = last assignment. */
const chainCase = fc.record({ ids: fc.uniqueArray(fc.stringMatching(/^consumer-[a-z0-9]{1,8}$/), { minLength: 2, maxLength: 6 }), seed: fc.integer(), rounds: fc.integer({ min: 2, max: 6 }) });

function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uniqueTps(tps: readonly TopicPartition[]): TopicPartition[] {
  const seen = new Set<string>();
  return tps.filter((tp) => !seen.has(`${tp.topic}/${tp.partition}`) && seen.add(`${tp.topic}/${tp.partition}`) !== undefined);
}

function expandChain(name: string, c: { ids: string[]; seed: number; rounds: number }): AssignCase[] {
  const rnd = mulberry32(c.seed);
  const counts = new Map(TOPIC_POOL.slice(0, 4).map((t) => [t, 1 + Math.floor(rnd() * 6)]));
  const names = [...counts.keys()];
  const subsetOf = (): string[] => {
    const s = names.filter(() => rnd() < 0.5);
    return s.length ? s : [names[Math.floor(rnd() * names.length)]!];
  };
  let members: Subscription[] = c.ids.slice(0, Math.max(1, c.ids.length - 1)).map((memberId) => ({ memberId, topics: subsetOf(), ownedPartitions: [], generation: -1 }));
  const spare = c.ids.slice(members.length);
  const out: AssignCase[] = [];
  for (let round = 0; round < c.rounds; round++) {
    const subscribed = new Set(members.flatMap((m) => m.topics));
    const partitionsPerTopic = new Map([...counts].filter(([t]) => subscribed.has(t)));
    out.push({ name: `${name}.r${round}`, partitionsPerTopic, members });
    const assignment = cooperativeStickyAssign(partitionsPerTopic, members.map((m) => ({ ...m })));
    members = members.map((m) => ({ ...m, ownedPartitions: assignment.get(m.memberId) ?? [], generation: round + 1 }));
    const event = rnd();
    if (event < 0.3 && spare.length) members.push({ memberId: spare.shift()!, topics: subsetOf(), ownedPartitions: [], generation: -1 });
    else if (event < 0.5 && members.length > 1) members.splice(Math.floor(rnd() * members.length), 1);
    else if (event < 0.8) {
      const i = Math.floor(rnd() * members.length);
      members[i] = { ...members[i]!, topics: subsetOf() };
    }
    // else: a plain second rebalance, which is how cooperative revocations complete.
  }
  return out;
}

function encode(c: AssignCase): string {
  const lines = [`case ${c.name}`];
  for (const [t, n] of c.partitionsPerTopic) lines.push(`topic ${t} ${n}`);
  for (const m of c.members) {
    const owned = m.ownedPartitions.map((tp) => `${tp.topic}/${tp.partition}`).join(',') || '-';
    lines.push(`member ${m.memberId} ${m.generation} ${m.topics.join(',') || '-'} ${owned}`);
  }
  lines.push('run');
  return lines.join('\n');
}

function simulatorView(c: AssignCase): Record<string, string> {
  let a: Map<string, TopicPartition[]>;
  try {
    a = cooperativeStickyAssign(c.partitionsPerTopic, c.members);
  } catch {
    // Java throws a NullPointerException on the same inputs (a partition's previous owner left out of the balancing).
    return { error: 'thrown' };
  }
  return Object.fromEntries(c.members.map((m) => [m.memberId, (a.get(m.memberId) ?? [])
    .slice().sort((x, y) => (x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : x.partition - y.partition))
    .map((tp) => `${tp.topic}/${tp.partition}`).join(',') || '-']));
}

function parseJava(stdout: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const line of stdout.split('\n')) {
    const f = line.split(' ');
    if (f[0] === 'case') out.set(f[1]!, (current = {}));
    else if (f[0] === 'member' && current) current[f[1]!] = f[2]!;
    else if (f[0] === 'error' && current) current.error = 'thrown';
  }
  return out;
}

const jars = kafkaClientsClasspath();
const required = process.env.REQUIRE_BROKERS === '1';
if (jars.missing && !required) console.log(`SKIPPED cooperative-sticky vs Java: ${jars.missing}`);

describe('cooperative-sticky equals Java\'s CooperativeStickyAssignor (kafka-clients jar)', { skip: jars.missing && !required ? jars.missing : undefined }, () => {
  it(`agrees on generated cases (seed ${SEED}, ${SIZE} single rebalances + ${Math.ceil(SIZE / 4)} chains)`, async () => {
    if (jars.missing) throw new Error(jars.missing);
    console.log(`cooperative-sticky vs Java: seed ${SEED} (replay with FIDELITY_SEED=${SEED})`);
    const classpath = compileKafkaJava('StickyAssignorCases', jars.classpath!);
    const cases: AssignCase[] = [
      ...fc.sample(singleCase, { seed: SEED, numRuns: SIZE }).map((c, i) => ({ name: `single${i}`, ...c })),
      ...fc.sample(chainCase, { seed: SEED + 1, numRuns: Math.ceil(SIZE / 4) }).flatMap((c, i) => expandChain(`chain${i}`, c)),
    ];
    const java = parseJava(await runKafkaJava(classpath, 'StickyAssignorCases', cases.map(encode).join('\n') + '\n'));
    assert.equal(java.size, cases.length, 'Java answered every case');
    const general = cases.filter((c) => new Set(c.members.map((m) => [...m.topics].sort().join(','))).size > 1).length;
    assert.ok(general > cases.length / 4, `enough cases take the general path (${general} of ${cases.length})`);
    for (const c of cases) {
      const sim = simulatorView(c);
      assert.deepEqual(sim, java.get(c.name), `case ${c.name} (seed ${SEED}) differs\n${encode(c)}\nsimulator: ${JSON.stringify(sim)}\njava:      ${JSON.stringify(java.get(c.name))}`);
    }
    console.log(`cooperative-sticky vs Java: ${cases.length} of ${cases.length} cases equal (${general} on the general path)`);
  });
});
