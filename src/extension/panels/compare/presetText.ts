/**
 * The presets' titles and their two sentences of what to look for, in the display language. The
 * strings are written out here (not read from the preset objects) because the l10n extractor only
 * finds literal `l10n.t('...')` calls; the presets' long English explanations stay with them.
 */
import * as l10n from '@vscode/l10n';
import { PRESETS } from '../../core/simulator/presets/index.js';

/** A preset as the panels name it. */
export interface PresetText {
  readonly id: string;
  readonly title: string;
  /** Two sentences: what happens, and what to look at in the outcome table. */
  readonly lookFor: string;
}

function text(id: string): { title: string; lookFor: string } | undefined {
  switch (id) {
    case 'orderConfirmationEmail':
      return {
        title: l10n.t('Order placed, confirmation e-mail sent in the background'),
        lookFor: l10n.t('A shop publishes 200 orders and two mailer instances send the e-mails. Look at what is left after consumption: the queue deletes each message on ack, the log keeps all 200.'),
      };
    case 'consumerCrash':
      return {
        title: l10n.t('A consumer crashes before ack / commit'),
        lookFor: l10n.t('The payment worker crashes in the middle of its work and is restarted. Look at the crash row: RabbitMQ redelivers the unacked messages, Kafka re-reads from the last committed offset and handles more of them twice.'),
      };
    case 'lateConsumerReplay':
      return {
        title: l10n.t('A new consumer arrives later and wants the history'),
        lookFor: l10n.t('An analytics service starts after 100 of 150 events were sent. Look at the late-consumer row: its new queue only gets what follows, while a new Kafka group replays the whole log.'),
      };
    case 'fanOutThreeServices':
      return {
        title: l10n.t('One event fans out to three services'),
        lookFor: l10n.t('Every order event must reach e-mail, billing and shipping. Look at who got which message: the fanout exchange stores three copies, the log stores one record that three groups read.'),
      };
    case 'orderingByKey':
      return {
        title: l10n.t('Ordering by key with several consumers'),
        lookFor: l10n.t('Three instances apply account updates that must stay in order per account. Look at order per key: competing consumers on one queue break it, one partition per key keeps it.'),
      };
    case 'burstOverload':
      return {
        title: l10n.t('A burst three times faster than the consumers'),
        lookFor: l10n.t('Uploads arrive three times faster than three thumbnailers can handle them for a few seconds. Look at the burst row and the timeline: queue depth against consumer lag, with Kafka capped by its two partitions.'),
      };
    case 'brokerRestart':
      return {
        title: l10n.t('A broker restart with durable and transient messages'),
        lookFor: l10n.t('The broker restarts while 300 jobs wait for workers that are still down. Look at the restart row: RabbitMQ keeps only persistent messages in the durable queue, the Kafka log keeps everything.'),
      };
    default:
      return undefined;
  }
}

/** Every preset's title and what to look for, in the panel's order. */
export function presetTexts(): PresetText[] {
  return PRESETS.map((p) => ({ id: p.id, ...(text(p.id) ?? { title: p.title, lookFor: p.explanation }) }));
}

/** One preset's title and what to look for. */
export function presetText(id: string): PresetText | undefined {
  return presetTexts().find((p) => p.id === id);
}
