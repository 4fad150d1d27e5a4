/**
 * The small amqplib steps the fidelity cases are made of, the same code against the simulator's AMQP
 * listener and against RabbitMQ. Waits are bounded; what a step returns holds nothing run-specific.
 */
import * as amqp from 'amqplib';

/** Runs `fn` with a connection that is always closed afterwards. */
export async function withConnection<T>(url: string, fn: (c: amqp.ChannelModel) => Promise<T>): Promise<T> {
  const c = await amqp.connect(url);
  c.on('error', () => undefined);
  try {
    return await fn(c);
  } finally {
    await c.close().catch(() => undefined);
  }
}

/** A confirm channel whose errors are observed by the caller, not thrown at the process. */
export async function confirmChannel(c: amqp.ChannelModel): Promise<amqp.ConfirmChannel> {
  const ch = await c.createConfirmChannel();
  ch.on('error', () => undefined);
  return ch;
}

/** Publishes to a queue through the default exchange and waits for the confirm. */
export function send(ch: amqp.ConfirmChannel, queue: string, body: string, options: amqp.Options.Publish = {}): Promise<'ack' | 'nack'> {
  return new Promise((resolve) => ch.sendToQueue(queue, Buffer.from(body), options, (err: unknown) => resolve(err ? 'nack' : 'ack')));
}

/** x-death as a row value: queue, reason, count (times and exchanges of generated names left out). */
export function deaths(m: amqp.Message | amqp.GetMessage): { reason: unknown; count: unknown }[] | null {
  const d: unknown = m.properties.headers?.['x-death'];
  if (!Array.isArray(d)) return null;
  return (d as Record<string, unknown>[]).map((x) => ({ reason: x['reason'], count: typeof x['count'] === 'object' && x['count'] !== null ? Number((x['count'] as { value: unknown }).value) : Number(x['count']) }));
}

/** Gets messages (ack each) until the queue is empty or `max` were read. */
export async function drain(ch: amqp.Channel, queue: string, max = 1000): Promise<amqp.GetMessage[]> {
  const out: amqp.GetMessage[] = [];
  while (out.length < max) {
    const m = await ch.get(queue, { noAck: false });
    if (!m) break;
    out.push(m);
    ch.ack(m);
  }
  return out;
}

/** Resolves when `check` holds, or after `ms` (the caller's row then shows what was there). */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

/** The message count of a queue (passive declare on a throwaway channel). */
export async function depth(c: amqp.ChannelModel, queue: string): Promise<number> {
  const ch = await c.createChannel();
  try {
    return (await ch.checkQueue(queue)).messageCount;
  } finally {
    await ch.close().catch(() => undefined);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
