/**
 * A scenario on a real Kafka (or the simulator's Kafka listener), through kafkajs: the topics
 * created, producers sending keyed records (kafkajs's default partitioner is Java's murmur2, the one
 * the simulator uses), consumers as group members with the scenario's commit strategy. A crash is a
 * disconnect without committing what was handled since the last commit; kafkajs cannot stop
 * heartbeating without leaving, so the group rebalances at once rather than after
 * session.timeout.ms (named in the run's notes). Topics and groups are deleted at the end.
 */
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { SeededRandom } from '../simulator/random.js';
import type { ResolvedConsumer } from '../simulator/scenario/defaults.js';
import type { Scenario } from '../simulator/scenario/types.js';
import { MESSAGE_HEADER, type Observation, readMark } from './observation.js';
import { processingTime, type OutgoingRunMessage, type RunClock, type RunDriver } from './realTime.js';

interface Member {
  readonly def: ResolvedConsumer;
  readonly index: number;
  consumer?: Consumer;
  alive: boolean;
}

/** The Kafka driver of one run. */
export class KafkaRunDriver implements RunDriver {
  private admin?: Admin;
  private producer?: Producer;
  private readonly members: Member[] = [];
  private readonly groups = new Set<string>();
  private readonly random: SeededRandom;
  private handling = 0;

  constructor(private readonly kafka: Kafka, private readonly scenario: Scenario, readonly observation: Observation, private readonly clock: RunClock) {
    this.random = new SeededRandom((scenario.seed + Math.imul(1, 0x9e3779b9)) >>> 0);
  }

  get inFlight(): number {
    return this.handling;
  }

  /** Creates the topics (replication capped by the cluster's size) and connects the producer. */
  async setUp(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    const brokers = (await this.admin.describeCluster()).brokers.length;
    const topics = this.scenario.topology.kafka.topics.map((t) => ({
      topic: t.name,
      numPartitions: t.partitions,
      replicationFactor: Math.min(t.replicationFactor ?? 1, Math.max(1, brokers)),
      configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
    }));
    if (topics.length) await this.admin.createTopics({ topics, waitForLeaders: true });
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
  }

  async publish(batch: readonly OutgoingRunMessage[]): Promise<void> {
    const byTopic = new Map<string, OutgoingRunMessage[]>();
    for (const m of batch) {
      const list = byTopic.get(m.producer.topic) ?? [];
      list.push(m);
      byTopic.set(m.producer.topic, list);
    }
    await this.producer!.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({
          ...(m.key !== undefined ? { key: m.key } : {}),
          value: m.body,
          headers: { ...m.producer.headers, [MESSAGE_HEADER]: `${m.mark.id}:${m.mark.keyIndex}:${m.mark.keySeq}` },
        })),
      })),
    });
  }

  async startConsumer(def: ResolvedConsumer): Promise<void> {
    this.groups.add(def.group);
    for (let i = 0; i < def.count; i++) {
      const member: Member = { def, index: i, alive: false };
      this.members.push(member);
      await this.startMember(member);
    }
  }

  private async startMember(member: Member): Promise<void> {
    const def = member.def;
    const consumer = this.kafka.consumer({
      groupId: def.group,
      // The broker refuses sessions under group.min.session.timeout.ms (6 s by default).
      sessionTimeout: Math.max(6000, def.sessionTimeoutMs),
      heartbeatInterval: 1000,
      rebalanceTimeout: 10000,
      allowAutoTopicCreation: false,
    });
    member.consumer = consumer;
    member.alive = true;
    const name = `${def.id}#${member.index}`;
    const sub = def.group;
    await consumer.connect();
    await consumer.subscribe({ topic: def.topic, fromBeginning: def.autoOffsetReset === 'earliest' });
    this.observation.onConsumerStarted(def.startAtMs, sub);
    const auto = def.kafkaStrategy === 'auto';
    await consumer.run({
      autoCommit: auto,
      ...(auto ? { autoCommitInterval: def.autoCommitIntervalMs } : {}),
      eachBatchAutoResolve: false,
      // A batch is cut into polls of max.poll.records; commit-after commits at the end of each poll,
      // as a Java consumer committing after its poll loop does.
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const { topic, partition } = batch;
        let sincePoll = 0;
        let lastHandled = -1;
        const commit = async (offset: number): Promise<void> => {
          if (member.consumer !== consumer || !member.alive) return;
          await consumer.commitOffsets([{ topic, partition, offset: String(offset + 1) }]);
          this.observation.commits++;
        };
        for (const message of batch.messages) {
          if (!isRunning() || isStale() || member.consumer !== consumer || !member.alive) break;
          const mark = readMark(message.headers?.[MESSAGE_HEADER]);
          const offset = Number(message.offset);
          if (mark) {
            this.handling++;
            try {
              this.observation.onDelivery(name, sub, mark, false);
              if (def.kafkaStrategy === 'commit-before' && sincePoll === 0) await commit(Math.min(offset + def.maxPollRecords, Number(batch.highWatermark)) - 1);
              this.observation.onBegin(sub, mark);
              await new Promise((r) => setTimeout(r, processingTime(def.processingMs, this.random)));
              if (member.consumer !== consumer || !member.alive) break;
              if (def.failureProbability > 0 && this.random.chance(def.failureProbability)) {
                // A failed record crashes the instance; it comes back after restartAfterFailureMs.
                void this.crashMember(member).then(() => new Promise((r) => setTimeout(r, def.restartAfterFailureMs))).then(() => this.startMember(member)).catch(() => undefined);
                break;
              }
              this.observation.onProcessed(name, sub, mark);
            } finally {
              this.handling--;
            }
          }
          resolveOffset(message.offset);
          lastHandled = offset;
          if (++sincePoll >= def.maxPollRecords) {
            if (def.kafkaStrategy === 'commit-after') await commit(offset);
            sincePoll = 0;
            await heartbeat();
          }
        }
        if (sincePoll > 0 && lastHandled >= 0 && def.kafkaStrategy === 'commit-after') await commit(lastHandled);
      },
    });
  }

  private async crashMember(member: Member): Promise<void> {
    if (!member.alive) return;
    member.alive = false;
    this.observation.onCrash(this.clock.now());
    const c = member.consumer;
    member.consumer = undefined;
    await c?.disconnect().catch(() => undefined);
  }

  private targets(consumer: string, instance: number | undefined): Member[] {
    return this.members.filter((m) => m.def.id === consumer && (instance === undefined || m.index === instance));
  }

  async crash(consumer: string, instance: number | undefined): Promise<void> {
    await Promise.all(this.targets(consumer, instance).map((m) => this.crashMember(m)));
  }

  async restart(consumer: string, instance: number | undefined): Promise<void> {
    for (const m of this.targets(consumer, instance)) if (!m.alive) await this.startMember(m);
  }

  async backlog(): Promise<number | undefined> {
    const admin = this.admin!;
    let lag = 0;
    const started = new Map<string, string>();
    for (const m of this.members) started.set(m.def.group, m.def.topic);
    for (const [group, topic] of started) {
      const ends = await admin.fetchTopicOffsets(topic);
      const committed = (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]?.partitions ?? [];
      for (const e of ends) {
        const c = Number(committed.find((p) => p.partition === e.partition)?.offset ?? -1);
        lag += Number(e.high) - (c >= 0 ? c : Number(e.low));
      }
    }
    return lag;
  }

  /** Stops the consumers and the producer and reads what the topics hold. */
  async stop(): Promise<void> {
    for (const m of this.members) {
      m.alive = false;
      const c = m.consumer;
      m.consumer = undefined;
      await c?.disconnect().catch(() => undefined);
    }
    await this.producer?.disconnect().catch(() => undefined);
    let stored = 0;
    for (const t of this.scenario.topology.kafka.topics) {
      const offsets = await this.admin?.fetchTopicOffsets(t.name).catch(() => []) ?? [];
      for (const o of offsets) stored += Number(o.high) - Number(o.low);
    }
    this.observation.storedAtEnd = stored;
    this.observation.leftAtEnd = stored;
  }

  /** Deletes the scenario's topics and the run's groups; returns what it could not delete. */
  async cleanUp(): Promise<string[]> {
    const admin = this.admin ?? this.kafka.admin();
    if (!this.admin) await admin.connect();
    try {
      return await deleteKafkaResources(admin, this.scenario.topology.kafka.topics.map((t) => t.name), [...this.groups]);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

/** Deletes groups and topics that exist; returns the names that failed. */
export async function deleteKafkaResources(admin: Admin, topics: readonly string[], groups: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  if (groups.length) await admin.deleteGroups([...groups]).catch((e: unknown) => {
    // GROUP_ID_NOT_FOUND for a group that never committed is fine; anything else is named.
    const results = (e as { groups?: { groupId: string; errorCode: number }[] }).groups ?? [];
    for (const g of results) if (g.errorCode !== 0 && g.errorCode !== 69) failed.push(g.groupId);
  });
  const existing = new Set(await admin.listTopics().catch(() => [...topics]));
  const mine = topics.filter((t) => existing.has(t));
  if (mine.length) await admin.deleteTopics({ topics: mine, timeout: 10000 }).catch(() => failed.push(...mine));
  return failed;
}
