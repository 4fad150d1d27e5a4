/**
 * Consumer-group assignments as real consumers see them: Java consumers (kafka-clients 4.x, classic
 * protocol, started by the test and bounded in time) join a group on the real broker with the range,
 * round-robin or cooperative-sticky assignor, subscribed to different topics, then members leave and
 * join. After each settled rebalance the simulator's assignor, given the subscriptions the broker holds
 * (topics, owned partitions, generation, as each member sent them in JoinGroup), must compute exactly
 * the assignment the broker-side group shows; and each Java member must report that assignment itself.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Admin } from 'kafkajs';
import { assignorFor, type AssignorName, type Subscription, type TopicPartition } from '../../../src/extension/core/simulator/kafka/assignors.js';
import { WireReader } from '../../../src/extension/core/wire/kafka/bytes.js';
import { DATA } from '../../../src/extension/core/wire/kafka/generated/messages.js';
import { decodeMessage, type MessageSpec, type Struct } from '../../../src/extension/core/wire/kafka/schema.js';
import { brokerGate } from '../../support/brokers.js';
import { compileKafkaJava, kafkaClientsClasspath } from '../../support/kafkaJava.js';
import { kafkaTest, referenceAdmin, withTopics } from './kafkaTestKit.js';

const gate = await brokerGate('kafka');
const jars = kafkaClientsClasspath();
const skip = gate.skip ?? (jars.missing && process.env.REQUIRE_BROKERS !== '1' ? jars.missing : undefined);

function decode(spec: MessageSpec, bytes: Buffer): Struct {
  const r = new WireReader(bytes);
  const version = Math.min(r.int16(), spec.valid[1]);
  return decodeMessage(spec, version, r);
}

const sortTps = (tps: readonly TopicPartition[]): string[] => tps.map((tp) => `${tp.topic}/${tp.partition}`).sort();

/** One Java consumer process. */
class JavaMember {
  readonly lines: Record<string, unknown>[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<void>;

  constructor(classpath: string, groupId: string, assignor: AssignorName, topics: readonly string[], readonly clientId: string) {
    this.child = spawn('java', ['-Xmx128m', '-cp', classpath, 'GroupMember', kafkaTest.plaintext[0]!, groupId, assignor, topics.join(','), clientId, '90']);
    let buffered = '';
    this.child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const l of parts) if (l.startsWith('{')) this.lines.push(JSON.parse(l) as Record<string, unknown>);
    });
    this.child.stderr.resume();
    this.exited = new Promise((resolve) => this.child.on('close', () => resolve()));
  }

  /** What the member itself last reported. */
  lastAssigned(): { member: string; assigned: string[] } | undefined {
    const l = [...this.lines].reverse().find((x) => Array.isArray(x.assigned));
    return l ? { member: l.member as string, assigned: [...(l.assigned as string[])].sort() } : undefined;
  }

  /** Closes stdin: the consumer closes and leaves the group; killed if it takes over 20 s. */
  async leave(): Promise<void> {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20000);
    await this.exited;
    clearTimeout(timer);
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

interface Described {
  readonly subscriptions: Subscription[];
  readonly assignment: Map<string, string[]>;
  readonly fingerprint: string;
}

async function describeGroup(admin: Admin, groupId: string): Promise<{ state: string; described: Described }> {
  const { groups } = await admin.describeGroups([groupId]);
  const g = groups[0]!;
  // While a rebalance is in progress the broker may show members without metadata yet.
  if (g.members.some((m) => m.memberMetadata.length < 2)) return { state: 'Rebalancing', described: { subscriptions: [], assignment: new Map(), fingerprint: '' } };
  const subscriptions: Subscription[] = [];
  const assignment = new Map<string, string[]>();
  for (const m of g.members) {
    const s = decode(DATA.ConsumerProtocolSubscription as MessageSpec, m.memberMetadata);
    const owned = ((s.ownedPartitions as { topic: string; partitions: number[] }[] | undefined) ?? []).flatMap((o) => o.partitions.map((partition) => ({ topic: o.topic, partition })));
    subscriptions.push({ memberId: m.memberId, topics: s.topics as string[], ownedPartitions: owned, generation: (s.generationId as number | undefined) ?? -1 });
    const a = m.memberAssignment.length >= 2 ? decode(DATA.ConsumerProtocolAssignment as MessageSpec, m.memberAssignment) : { assignedPartitions: [] };
    assignment.set(m.memberId, sortTps((a.assignedPartitions as { topic: string; partitions: number[] }[]).flatMap((x) => x.partitions.map((partition) => ({ topic: x.topic, partition })))));
  }
  const fingerprint = JSON.stringify([g.state, g.members.map((m) => [m.memberId, m.memberMetadata.toString('hex'), m.memberAssignment.toString('hex')])]);
  return { state: g.state, described: { subscriptions, assignment, fingerprint } };
}

/** Waits until the group is Stable with `members` members and unchanged over two looks 1.5 s apart (60 s bound). */
async function settled(admin: Admin, groupId: string, members: number, expectedClients: readonly JavaMember[]): Promise<Described> {
  const deadline = Date.now() + 60000;
  let previous: string | undefined;
  while (Date.now() < deadline) {
    const { state, described } = await describeGroup(admin, groupId);
    const membersReported = expectedClients.every((c) => {
      const last = c.lastAssigned();
      return last !== undefined && described.assignment.has(last.member) && JSON.stringify(described.assignment.get(last.member)) === JSON.stringify(last.assigned);
    });
    if (state === 'Stable' && described.subscriptions.length === members && membersReported && previous === described.fingerprint) return described;
    previous = state === 'Stable' ? described.fingerprint : undefined;
    await new Promise((r) => setTimeout(r, 1500));
  }
  throw new Error(`group ${groupId} did not settle with ${members} members within 60 s`);
}

describe('Java consumers on the real broker: the simulator assigns as the broker-side group shows', { skip }, () => {
  let classpath = '';
  let admin: Admin;
  let closeAdmin: () => Promise<void>;
  let dropTopics: () => Promise<void> = async () => undefined;
  const members: JavaMember[] = [];
  const id = randomUUID().slice(0, 8);
  const topics = { a: `fidelity.assign.a.${id}`, b: `fidelity.assign.b.${id}`, c: `fidelity.assign.c.${id}` };
  const partitions = new Map([[topics.a, 6], [topics.b, 4], [topics.c, 3]]);

  before(async () => {
    gate.assertRequired();
    if (jars.missing) throw new Error(jars.missing);
    classpath = compileKafkaJava('GroupMember', jars.classpath!);
    dropTopics = await withTopics([...partitions].map(([topic, numPartitions]) => ({ topic, numPartitions })));
    ({ admin, close: closeAdmin } = await referenceAdmin());
  });

  after(async () => {
    for (const m of members) m.kill();
    await closeAdmin?.();
    await dropTopics();
  });

  for (const assignor of ['range', 'roundrobin', 'cooperative-sticky'] as const) {
    it(`${assignor}: members with different subscriptions join and leave`, { timeout: 240000 }, async () => {
      const groupId = `fidelity.assign.${assignor}.${id}`;
      const live: JavaMember[] = [];
      const start = (label: string, subscribed: string[]): void => {
        const m = new JavaMember(classpath, groupId, assignor, subscribed, `fidelity-${label}`);
        members.push(m);
        live.push(m);
      };
      const check = async (step: string): Promise<void> => {
        const d = await settled(admin, groupId, live.length, live);
        const ppt = new Map([...partitions].filter(([t]) => d.subscriptions.some((s) => s.topics.includes(t))));
        const simulated = assignorFor(assignor).assign(ppt, d.subscriptions);
        for (const s of d.subscriptions) {
          assert.deepEqual(sortTps(simulated.get(s.memberId) ?? []), d.assignment.get(s.memberId),
            `${assignor}, ${step}: member ${s.memberId} (topics ${s.topics.join(',')}, owned ${sortTps(s.ownedPartitions).join(',')}): simulator vs broker`);
        }
      };
      start('m1', [topics.a, topics.b]);
      await check('m1 joins');
      start('m2', [topics.a]);
      await check('m2 joins');
      start('m3', [topics.b, topics.c]);
      await check('m3 joins');
      const leaving = live.splice(1, 1)[0]!;
      await leaving.leave();
      await check('m2 leaves');
      start('m4', [topics.a, topics.c]);
      await check('m4 joins');
      for (const m of live) await m.leave();
    });
  }
});
