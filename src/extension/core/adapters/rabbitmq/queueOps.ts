/**
 * Queue operations over AMQP: describe (passive declare + type), declare, delete, purge. Each runs on
 * its own short-lived channel, so a 404 or 406 closes only that channel.
 *
 * A queue's type decides how it may be read (a basic.get on a stream closes the whole connection with
 * 540 NOT_IMPLEMENTED), so it is resolved before any read: from this adapter's own declarations, from
 * the management API, and only in AMQP-only mode from the passive declare (RabbitMQ 3.x reports 0
 * messages for a stream, so a queue with messages is classic or quorum; an empty queue is read as a
 * stream, which is harmless for an empty classic queue).
 */
import { assertQueueName } from '../../rules/queueName.js';
import type { DestinationSpec, DestinationType } from '../../model/destination.js';
import { BrokerError, isBrokerError } from '../../model/errors.js';
import type { AmqpConnection } from './connection.js';
import type { ManagementAccess } from './management.js';
import { queueArgumentsToX } from '../../rules/queueArguments.js';
import { destinationType } from './topology.js';

type QueueSpec = Extract<DestinationSpec, { kind: 'queue' }>;

/** A queue's depth (exact, from AMQP) and type (undefined: empty queue of unknown type, AMQP-only). */
export interface QueueFacts {
  readonly name: string;
  /** Ready messages as the broker counts them now (streams report 0 here). */
  readonly messageCount: number;
  readonly consumerCount: number;
  readonly type: DestinationType | undefined;
}

/** Queue declare/delete/purge/describe for one adapter. */
export class QueueOps {
  private readonly types = new Map<string, DestinationType>();

  constructor(
    private readonly connection: AmqpConnection,
    private readonly management: ManagementAccess,
  ) {}

  /** Remembers types seen in a listing. */
  remember(name: string, type: DestinationType): void {
    this.types.set(name, type);
  }

  /** Passive declare (exact counts; 'notFound' when missing) plus the queue's type. */
  async describe(name: string, action: string): Promise<QueueFacts> {
    const ok = await this.connection.withChannel({ action }, (ch) => ch.checkQueue(name));
    let type = this.types.get(name);
    if (type === undefined && this.management.available) {
      try {
        const reader = await this.management.require(action);
        type = destinationType((await reader.queue(name)).type);
        this.types.set(name, type);
      } catch {
        // fall back to what AMQP can tell
      }
    }
    if (type === undefined) {
      type = await this.probeType(name);
      if (type !== undefined) this.types.set(name, type);
    }
    return { name, messageCount: ok.messageCount, consumerCount: ok.consumerCount, type };
  }

  /**
   * The type of a queue over AMQP alone (no management API). A stream consumer (x-stream-offset) is
   * refused by a classic or quorum queue with 406 "invalid arg ... of queue type rabbit_classic_queue"
   * before anything is delivered (checked on RabbitMQ 3.10.8), and accepted by a stream, where reading
   * has no side effect; the consumer is cancelled at once. A message count cannot tell: a stream's
   * passive declare may report messages too.
   */
  private async probeType(name: string): Promise<DestinationType | undefined> {
    const action = `Checking the type of queue '${name}'`;
    try {
      return await this.connection.withChannel({ action }, async (ch) => {
        await ch.prefetch(1);
        const { consumerTag } = await ch.consume(name, () => undefined, { noAck: false, arguments: { 'x-stream-offset': 'next' } });
        await ch.cancel(consumerTag);
        return 'stream' as const;
      });
    } catch (error) {
      const text = `${error instanceof Error ? error.message : ''} ${isBrokerError(error) ? error.detail : ''}`;
      if (/rabbit_quorum_queue/.test(text)) return 'quorum';
      if (/rabbit_classic_queue/.test(text)) return 'classic';
      return undefined;
    }
  }

  /** Whether a queue exists (passive declare on a throwaway channel). */
  async exists(name: string): Promise<boolean> {
    try {
      await this.connection.withChannel({ action: `Checking queue '${name}'` }, (ch) => ch.checkQueue(name));
      return true;
    } catch (error) {
      if (isBrokerError(error) && error.code === 'notFound') return false;
      throw error;
    }
  }

  /** Declares a queue; an existing one is 'alreadyExists' (same settings) or 'preconditionFailed' (naming the differing argument). */
  async declare(spec: QueueSpec): Promise<void> {
    const action = `Declaring ${spec.queueType} queue '${spec.name}' in vhost '${this.connection.config.vhost}'`;
    assertQueueName(spec.name, action);
    const existed = await this.exists(spec.name);
    const options = {
      durable: spec.durable,
      autoDelete: spec.autoDelete ?? false,
      exclusive: spec.exclusive ?? false,
      arguments: queueArgumentsToX(spec),
    };
    // Redeclaring an existing queue is how RabbitMQ checks equivalence: a 406 names the argument that differs.
    await this.connection.withChannel({ action }, (ch) => ch.assertQueue(spec.name, options));
    this.types.set(spec.name, spec.queueType);
    if (existed) {
      throw new BrokerError('alreadyExists', `${action}: it already exists with these settings; nothing was changed.`);
    }
  }

  /** Deletes a queue after the typed confirmation; returns how many messages it held. */
  async delete(name: string, confirmedName: string): Promise<number> {
    confirm(name, confirmedName, 'delete queue');
    const action = `Deleting queue '${name}' in vhost '${this.connection.config.vhost}'`;
    await this.connection.withChannel({ action }, (ch) => ch.checkQueue(name));
    const ok = await this.connection.withChannel({ action }, (ch) => ch.deleteQueue(name));
    this.types.delete(name);
    return ok.messageCount;
  }

  /** Purges a classic or quorum queue after the typed confirmation; returns how many were removed. */
  async purge(name: string, confirmedName: string): Promise<number> {
    confirm(name, confirmedName, 'purge queue');
    const action = `Purging queue '${name}' in vhost '${this.connection.config.vhost}'`;
    const facts = await this.describe(name, action);
    if (facts.type === 'stream' || facts.type === undefined) {
      // queue.purge on a stream is a connection-level error; refuse before sending it.
      if (facts.type === 'stream' || !(await this.isClassicOrQuorumByManagement(name))) {
        throw new BrokerError(
          'unsupported',
          `${action} is not possible: ${facts.type === 'stream' ? 'it is a stream' : 'its type is unknown without the management API (it may be a stream)'}, and streams cannot be purged; `
            + 'let retention (x-max-age, x-max-length-bytes) remove old data, or delete and recreate it.',
        );
      }
    }
    const ok = await this.connection.withChannel({ action }, (ch) => ch.purgeQueue(name));
    return ok.messageCount;
  }

  private async isClassicOrQuorumByManagement(name: string): Promise<boolean> {
    if (!this.management.available) return false;
    try {
      const reader = await this.management.require('Checking the queue type');
      return destinationType((await reader.queue(name)).type) !== 'stream';
    } catch {
      return false;
    }
  }
}

/** Throws 'invalidInput' unless the user typed the exact name. */
export function confirm(name: string, confirmedName: string, what: string): void {
  if (confirmedName !== name) {
    throw new BrokerError('invalidInput', `To ${what} '${name}', type its exact name to confirm; "${confirmedName}" does not match, so nothing was changed.`);
  }
}
