import * as vscode from 'vscode';
import type { DestinationSpec, QueueArguments } from '../core/model/destination.js';
import type { ExchangeSpec, ExchangeType } from '../core/model/topology.js';

const NAME = /^[A-Za-z0-9._-]{1,249}$/;

/** Asks for a new topic: name, partitions, replication factor. */
export async function promptTopic(): Promise<DestinationSpec | undefined> {
  const name = await vscode.window.showInputBox({
    title: 'Create Topic (1/3): name',
    prompt: 'Letters, digits, ".", "_" and "-", up to 249 characters',
    ignoreFocusOut: true,
    validateInput: (v) => (NAME.test(v) && v !== '.' && v !== '..' ? undefined : 'Kafka topic names use letters, digits, ".", "_" and "-" (1–249 characters).'),
  });
  if (!name) return undefined;
  const partitions = await promptInteger('Create Topic (2/3): partitions', 'How many partitions (the cap on consumer parallelism)', '3', 1, 10_000);
  if (partitions === undefined) return undefined;
  const replicationFactor = await promptInteger('Create Topic (3/3): replication factor', 'Copies of each partition (at most the number of brokers)', '1', 1, 32);
  if (replicationFactor === undefined) return undefined;
  return { kind: 'topic', name, partitions, replicationFactor };
}

/** Asks for a new queue: name, type, durability, and the common arguments. */
export async function promptQueue(): Promise<DestinationSpec | undefined> {
  const name = await vscode.window.showInputBox({
    title: 'Create Queue (1/4): name',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'Give the queue a name.' : v.startsWith('amq.') ? 'Names starting with "amq." are reserved by RabbitMQ.' : v.length > 255 ? 'At most 255 characters.' : undefined),
  });
  if (!name) return undefined;
  const type = await vscode.window.showQuickPick(
    [
      { label: 'classic', description: 'the default queue', value: 'classic' as const },
      { label: 'quorum', description: 'replicated, durable, with a delivery limit', value: 'quorum' as const },
      { label: 'stream', description: 'an append-only log: read by offset, messages stay after delivery', value: 'stream' as const },
    ],
    { title: 'Create Queue (2/4): type', ignoreFocusOut: true },
  );
  if (!type) return undefined;
  let durable = true;
  if (type.value === 'classic') {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'durable', description: 'survives a broker restart', value: true },
        { label: 'transient', description: 'gone after a broker restart', value: false },
      ],
      { title: 'Create Queue (3/4): durability', ignoreFocusOut: true },
    );
    if (!pick) return undefined;
    durable = pick.value;
  }
  const args = await promptQueueArguments(type.value);
  if (!args) return undefined;
  return { kind: 'queue', name: name.trim(), queueType: type.value, durable, arguments: args };
}

async function promptQueueArguments(type: 'classic' | 'quorum' | 'stream'): Promise<QueueArguments | undefined> {
  if (type === 'stream') return {};
  const options = [
    { label: 'Dead-letter exchange', key: 'dlx' },
    { label: 'Message TTL', key: 'ttl' },
    { label: 'Max length', key: 'maxLength' },
    ...(type === 'quorum' ? [{ label: 'Delivery limit', key: 'deliveryLimit' }] : [{ label: 'Max priority', key: 'maxPriority' }]),
  ];
  const chosen = await vscode.window.showQuickPick(options, { title: 'Create Queue (4/4): optional arguments (none is fine)', canPickMany: true, ignoreFocusOut: true });
  if (!chosen) return undefined;
  const keys = new Set(chosen.map((c) => c.key));
  const out: { -readonly [K in keyof QueueArguments]: QueueArguments[K] } = {};
  if (keys.has('dlx')) {
    const dlx = await vscode.window.showInputBox({ title: 'Dead-letter exchange', prompt: 'Exchange that receives rejected, expired and overflowing messages', ignoreFocusOut: true });
    if (dlx === undefined) return undefined;
    out.deadLetterExchange = dlx;
    const key = await vscode.window.showInputBox({ title: 'Dead-letter routing key', prompt: 'Leave empty to keep each message\'s own routing key', ignoreFocusOut: true });
    if (key === undefined) return undefined;
    if (key !== '') out.deadLetterRoutingKey = key;
  }
  if (keys.has('ttl')) {
    const ttl = await promptInteger('Message TTL', 'Milliseconds a message may wait in the queue', '60000', 0, 2 ** 31 - 1);
    if (ttl === undefined) return undefined;
    out.messageTtlMs = ttl;
  }
  if (keys.has('maxLength')) {
    const max = await promptInteger('Max length', 'Most messages the queue holds', '10000', 0, 2 ** 31 - 1);
    if (max === undefined) return undefined;
    out.maxLength = max;
    const overflow = await vscode.window.showQuickPick(['drop-head', 'reject-publish', 'reject-publish-dlx'] as const, { title: 'When full', ignoreFocusOut: true });
    if (!overflow) return undefined;
    out.overflow = overflow as QueueArguments['overflow'];
  }
  if (keys.has('deliveryLimit')) {
    const limit = await promptInteger('Delivery limit', 'Deliveries before a message is dead-lettered or dropped', '5', 1, 1_000_000);
    if (limit === undefined) return undefined;
    out.deliveryLimit = limit;
  }
  if (keys.has('maxPriority')) {
    const prio = await promptInteger('Max priority', 'Highest priority the queue honours (1–255; 1–10 recommended)', '10', 1, 255);
    if (prio === undefined) return undefined;
    out.maxPriority = prio;
  }
  return out;
}

/** Asks for a new exchange. */
export async function promptExchange(): Promise<ExchangeSpec | undefined> {
  const name = await vscode.window.showInputBox({
    title: 'Create Exchange (1/3): name',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'Give the exchange a name.' : v.startsWith('amq.') ? 'Names starting with "amq." are reserved by RabbitMQ.' : undefined),
  });
  if (!name) return undefined;
  const type = await vscode.window.showQuickPick(
    [
      { label: 'direct', description: 'routing key equals binding key' },
      { label: 'fanout', description: 'every bound queue gets a copy' },
      { label: 'topic', description: 'patterns: * one word, # zero or more' },
      { label: 'headers', description: 'match on headers, x-match all or any' },
    ],
    { title: 'Create Exchange (2/3): type', ignoreFocusOut: true },
  );
  if (!type) return undefined;
  const durable = await vscode.window.showQuickPick(
    [
      { label: 'durable', value: true },
      { label: 'transient', value: false },
    ],
    { title: 'Create Exchange (3/3): durability', ignoreFocusOut: true },
  );
  if (!durable) return undefined;
  return { name: name.trim(), type: type.label as ExchangeType, durable: durable.value };
}

/** Asks for an integer in [min, max]. */
export async function promptInteger(title: string, prompt: string, value: string, min: number, max: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d+$/.test(v.trim()) && +v >= min && +v <= max ? undefined : `Enter a whole number from ${min} to ${max}.`),
  });
  return text === undefined ? undefined : Number(text.trim());
}

/**
 * Asks the user to type `name` to confirm a destructive action. Returns what was typed (the adapter
 * checks it against the name once more), or undefined when the user cancelled.
 */
export async function confirmByTyping(what: string, name: string): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: `Delete ${what}`,
    prompt: `This cannot be undone. Type "${name}" to delete the ${what}.`,
    placeHolder: name,
    ignoreFocusOut: true,
    validateInput: (v) => (v === name ? undefined : `Type the exact name: ${name}`),
  });
  return typed;
}
