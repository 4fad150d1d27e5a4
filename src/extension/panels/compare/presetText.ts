/**
 * The presets' titles, their two sentences of what to look for and their explanations, in the
 * display language. The strings are written out here (not read from the preset objects) because the
 * l10n extractor only finds literal `l10n.t('...')` calls; a unit test checks that the English
 * titles and explanations here are the presets' own.
 */
import * as l10n from '@vscode/l10n';
import { PRESETS } from '../../core/simulator/index.js';

/** A preset as the panels name it. */
export interface PresetText {
  readonly id: string;
  readonly title: string;
  /** Two sentences: what happens, and what to look at in the outcome table. */
  readonly lookFor: string;
  /** The preset's full explanation (the Simulator panel); the English text is the preset's own, a unit test keeps them equal. */
  readonly explanation: string;
}

function text(id: string): { title: string; lookFor: string; explanation: string } | undefined {
  switch (id) {
    case 'orderConfirmationEmail':
      return {
        explanation: l10n.t('The shop publishes an "order placed" event for each of 200 orders (20 per second) and returns at once; a mailer service with two instances sends the confirmation e-mails, 40 ms each. On RabbitMQ the shop publishes to the direct exchange "orders", a binding routes each message to the queue "order-emails", and the broker pushes messages to the two mailers and deletes each one when it is acked: the queue is empty at the end. On Kafka the shop appends to the 3-partition topic "orders" (the producer lingers 5 ms to batch); the mailers form the consumer group "mailer", poll their partitions and commit offsets, and all 200 records are still in the log at the end, ready for any other group. Compare the latency (the linger and the poll add a few milliseconds on Kafka) and "left after consumption".'),
        title: l10n.t('Order placed, confirmation e-mail sent in the background'),
        lookFor: l10n.t('A shop publishes 200 orders and two mailer instances send the e-mails. Look at what is left after consumption: the queue deletes each message on ack, the log keeps all 200.'),
      };
    case 'consumerCrash':
      return {
        explanation: l10n.t('100 payment messages are waiting when the worker starts at 1 s; it handles one every 20 ms and crashes at 1.95 s, then is restarted at 2.5 s. On RabbitMQ the worker acks each message after handling it, with a prefetch of 10: at the crash the broker holds 10 unacked deliveries (the one being handled and 9 buffered) and requeues them at once, marked redelivered; only the one that was being handled is seen twice. On Kafka the worker commits after each poll of 10 records: at the crash the group has committed offset 40 and the worker had already handled 40..46 and was on 47, so the restarted worker, once the dead member\'s session times out and the group rebalances, reads again from 40 and handles 8 records a second time (at-least-once). Nothing is lost on either; look at duplicates and redeliveries, and at how long Kafka waits for session.timeout.ms before the partition moves.'),
        title: l10n.t('A consumer crashes before ack / commit'),
        lookFor: l10n.t('The payment worker crashes in the middle of its work and is restarted. Look at the crash row: RabbitMQ redelivers the unacked messages, Kafka re-reads from the last committed offset and handles more of them twice.'),
      };
    case 'lateConsumerReplay':
      return {
        explanation: l10n.t('An app publishes 150 events, 50 per second; the billing service reads them from the start. At 1.99 s, after 100 events were sent, a new analytics service is deployed. On RabbitMQ the analytics service declares its own queue and binds it to the fanout exchange when it starts: the 100 earlier events were delivered to billing and deleted on ack, and they never went to a queue that did not exist yet, so analytics gets only the 50 that follow. On Kafka the events stay in the log after billing has read them; the new consumer group "analytics" starts with auto.offset.reset=earliest and replays all 150. Look at each subscriber\'s unique count and at "left after consumption".'),
        title: l10n.t('A new consumer arrives later and wants the history'),
        lookFor: l10n.t('An analytics service starts after 100 of 150 events were sent. Look at the late-consumer row: its new queue only gets what follows, while a new Kafka group replays the whole log.'),
      };
    case 'fanOutThreeServices':
      return {
        explanation: l10n.t('Each of 300 "order created" events must reach e-mail, billing and shipping, which work at different speeds (10, 20 and 50 ms per event, while events arrive every 10 ms). On RabbitMQ the fanout exchange copies every message into three queues, one per service: 900 copies are enqueued, each service drains its own queue at its own pace (shipping\'s queue grows), and every copy is deleted when acked. On Kafka the event is appended once; three consumer groups read the same 300 records independently, each with its own committed offsets, and the records stay. Each service handles all 300 events on both models; compare the copies stored and what is left at the end.'),
        title: l10n.t('One event fans out to three services'),
        lookFor: l10n.t('Every order event must reach e-mail, billing and shipping. Look at who got which message: the fanout exchange stores three copies, the log stores one record that three groups read.'),
      };
    case 'orderingByKey':
      return {
        explanation: l10n.t('Updates to 3 bank accounts (100 per account, 10 ms apart overall, so 30 ms apart per account) must be applied in order per account. Three instances of the account service share the work, each update taking 5 to 50 ms. On RabbitMQ the three instances compete for one queue: the broker hands messages out round-robin in order, but update 2 of an account can finish on a fast instance before update 1 finishes on a slow one, so per-account order is broken (order violations above zero). On Kafka the key picks the partition (murmur2 of the key), so all updates of one account sit in one partition, which only one member of the group reads, one record after another: no order violation, whatever the timing. The price: Kafka\'s parallelism is capped by the partition count and a hot key cannot be spread.'),
        title: l10n.t('Ordering by key with several consumers'),
        lookFor: l10n.t('Three instances apply account updates that must stay in order per account. Look at order per key: competing consumers on one queue break it, one partition per key keeps it.'),
      };
    case 'burstOverload':
      return {
        explanation: l10n.t('A thumbnail service runs three instances at 20 ms per image. Uploads arrive at 50 per second for 10 s, and from 2 s to 5 s a burst adds 300 per second. On RabbitMQ the three instances share one queue (150 per second between them): the queue depth climbs to about 600 by the end of the burst and drains in about 6 s; prefetch only limits how many each instance holds unacked. On Kafka the topic has 2 partitions, so only two of the three instances get one and the third idles: the group handles 100 per second, consumer lag climbs to about 750 and takes about twice as long to drain. Parallelism on Kafka is capped by partitions, not by instances. Nothing is lost on either; watch queue depth and consumer lag in the per-second series.'),
        title: l10n.t('A burst three times faster than the consumers'),
        lookFor: l10n.t('Uploads arrive three times faster than three thumbnailers can handle them for a few seconds. Look at the burst row and the timeline: queue depth against consumer lag, with Kafka capped by its two partitions.'),
      };
    case 'brokerRestart':
      return {
        explanation: l10n.t('Three producers each queue 100 jobs while the workers are down; the broker restarts at 2 s and the workers start at 3 s. On RabbitMQ what survives depends on two settings: persistent messages (delivery mode 2) in the durable queue "jobs-durable" survive; transient messages (delivery mode 1) in that same durable queue are dropped by the restart; and the non-durable queue "jobs-transient" disappears with everything in it, persistent or not (the worker re-declares it empty when it reconnects). 200 of the 300 jobs are lost. On Kafka there is no per-message durability flag: every record is written to the replicated log (acks=all), a restart loses nothing, and the workers read all 300 jobs when they start. The "persistent" field of a producer matters only on RabbitMQ.'),
        title: l10n.t('A broker restart with durable and transient messages'),
        lookFor: l10n.t('The broker restarts while 300 jobs wait for workers that are still down. Look at the restart row: RabbitMQ keeps only persistent messages in the durable queue, the Kafka log keeps everything.'),
      };
    default:
      return undefined;
  }
}

/** Every preset's title and what to look for, in the panel's order. */
export function presetTexts(): PresetText[] {
  return PRESETS.map((p) => ({ id: p.id, ...(text(p.id) ?? { title: p.title, lookFor: p.explanation, explanation: p.explanation }) }));
}

/** One preset's title and what to look for. */
export function presetText(id: string): PresetText | undefined {
  return presetTexts().find((p) => p.id === id);
}
