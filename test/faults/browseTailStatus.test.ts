/**
 * The Browse panel's live-tail status when a real broker drops: on the three-broker cluster, the leader
 * of the tailed partition is killed (-9). The BrowseSession (what the panel runs on the host) must hear
 * one 'waiting' status for that partition, then one 'resumed' once a new leader answers, each valid for
 * the browse/tailStatus message, and the rows it hands the panel must carry on with no duplicate and no
 * gap. The records keep coming from a producer of BrokerLens's own (acks=all) throughout.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { KafkaAdapter } from '../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { BrowseSession } from '../../src/extension/panels/browse/session.js';
import { validate } from '../../src/extension/protocol/ipc.js';
import { BrowseTailStatusNotification, type BrowseRow, type BrowseTailStatus } from '../../src/extension/protocol/browsePanel.js';
import { brokerScript, brokerScriptNow, faultGate, isOneSentence, sleep, waitFor } from './faultKit.js';

const BOOTSTRAP = ['127.0.0.1:29191', '127.0.0.1:29192', '127.0.0.1:29193'];
const skip = faultGate('the Browse tail status fault test', ['java']);
const cluster = (...args: string[]): Promise<string> => brokerScript('kafka-cluster.sh', args, 150_000);

describe('Browse live tail on a Kafka cluster: the status reaches the session when the leader dies', { skip }, () => {
  before(async () => {
    await cluster('up');
  });
  after(async () => {
    await cluster('down');
  });

  it('waiting once, resumed once, and every record shown once, in order', { timeout: 240_000 }, async () => {
    const topic = `polish.tail.${randomUUID()}`;
    const kafka = new KafkaAdapter({ kind: 'kafka', id: 'polish-tail', name: 'faults cluster', brokers: BOOTSTRAP, requestTimeoutMs: 10_000 }, {});
    await kafka.connect();
    const rows: BrowseRow[] = [];
    const statuses: BrowseTailStatus[] = [];
    const ended: unknown[] = [];
    let victim = 0;
    const session = new BrowseSession(kafka, { destination: topic, connectionName: 'faults cluster' }, {
      onTailRows: (r) => rows.push(...r),
      onTailEnded: (e) => ended.push(e),
      onTailStatus: (s) => statuses.push(s),
    }, { flushMs: 20 });
    try {
      await kafka.createDestination({ kind: 'topic', name: topic, partitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
      const [p0] = await waitFor('a leader and a full ISR', 30_000, async () => {
        const ps = await kafka.partitions!.listPartitions(topic);
        return ps.length === 1 && ps[0]!.leader >= 0 && ps[0]!.isr.length === 3 ? ps : undefined;
      });
      victim = p0!.leader;
      session.startTail({});
      await sleep(1_000); // the tail has read the end offset
      const value = (i: number): string => `tail-${String(i).padStart(4, '0')}`;
      const publish = async (from: number, to: number): Promise<void> => {
        const report = await kafka.publish({ destination: topic, acks: 'all' }, Array.from({ length: to - from }, (_, i) => ({ key: 'k', value: value(from + i) })));
        assert.equal(report.confirmed, to - from, JSON.stringify(report.outcomes.find((o) => o.status !== 'confirmed')));
      };
      await publish(0, 50);
      await waitFor('the first 50 rows', 30_000, async () => (rows.length >= 50 ? true : undefined));
      assert.equal(statuses.length, 0, 'no status while the leader answers');

      brokerScriptNow('kafka-cluster.sh', ['kill', String(victim)]);
      const killedAt = Date.now();
      const waiting = await waitFor('a waiting status for partition 0', 60_000, async () => statuses.find((s) => s.kind === 'waiting'));
      const waitingMs = Date.now() - killedAt;
      assert.deepEqual(waiting.partitions, [{ partition: 0, offset: 50 }], 'it waits from the next offset to show');
      assert.match(waiting.message, new RegExp(`^Reading partition 0 of topic "${topic}" failed: its leader (closed the connection|cannot be reached or is moving to another broker|did not answer in time); nothing to do, the tail reads on as soon as a leader answers\\.$`), waiting.message);
      assert.ok(isOneSentence(waiting.message), waiting.message);

      // A new leader takes over; publishing works again once the controller has moved it.
      await waitFor('publishing after the leader moved', 90_000, async () => {
        try {
          await publish(50, 100);
          return true;
        } catch {
          return undefined;
        }
      }, 1_000);
      const resumed = await waitFor('a resumed status', 60_000, async () => statuses.find((s) => s.kind === 'resumed'));
      const resumedMs = Date.now() - killedAt;
      assert.equal(resumed.partitions.length, 1);
      assert.equal(resumed.partitions[0]!.partition, 0);
      await waitFor('every row', 60_000, async () => (rows.length >= 100 ? true : undefined), 200);
      await sleep(500);

      console.log(`# tail status: ${JSON.stringify(statuses)}; waiting after ${waitingMs} ms, resumed after ${resumedMs} ms`);
      assert.equal(statuses.filter((s) => s.kind === 'waiting').length, 1, 'one waiting line, not one per retry');
      assert.equal(statuses.filter((s) => s.kind === 'resumed').length, 1);
      assert.equal(statuses.at(-1)!.kind, 'resumed');
      for (const s of statuses) assert.ok(validate(BrowseTailStatusNotification.params, s).ok, JSON.stringify(s));
      assert.deepEqual(rows.map((r) => r.offset), Array.from({ length: 100 }, (_, i) => i), 'no duplicate, no gap');
      assert.deepEqual(rows.map((r) => r.valuePreview), Array.from({ length: 100 }, (_, i) => value(i)));
      assert.deepEqual(ended, [], 'the tail did not end');
      assert.equal(session.tailing, true);
    } finally {
      session.dispose();
      if (victim) brokerScriptNow('kafka-cluster.sh', ['start', String(victim)]);
      await kafka.deleteDestination(topic, topic).catch(() => undefined);
      await kafka.disconnect();
    }
  });
});
