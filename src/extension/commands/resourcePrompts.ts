import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { DestinationSpec, QueueArguments } from '../core/model/destination.js';
import type { ExchangeSpec, ExchangeType } from '../core/model/topology.js';

const NAME = /^[A-Za-z0-9._-]{1,249}$/;

/** Asks for a new topic: name, partitions, replication factor. */
export async function promptTopic(): Promise<DestinationSpec | undefined> {
  const name = await vscode.window.showInputBox({
    title: l10n.t('Create Topic (1/3): name'),
    prompt: l10n.t('Letters, digits, ".", "_" and "-", up to 249 characters'),
    ignoreFocusOut: true,
    validateInput: (v) => (NAME.test(v) && v !== '.' && v !== '..' ? undefined : l10n.t('Kafka topic names use letters, digits, ".", "_" and "-" (1–249 characters).')),
  });
  if (!name) return undefined;
  const partitions = await promptInteger(l10n.t('Create Topic (2/3): partitions'), l10n.t('How many partitions (the cap on consumer parallelism)'), '3', 1, 10_000);
  if (partitions === undefined) return undefined;
  const replicationFactor = await promptInteger(l10n.t('Create Topic (3/3): replication factor'), l10n.t('Copies of each partition (at most the number of brokers)'), '1', 1, 32);
  if (replicationFactor === undefined) return undefined;
  return { kind: 'topic', name, partitions, replicationFactor };
}

/** Asks for a new queue: name, type, durability, and the common arguments. */
export async function promptQueue(): Promise<DestinationSpec | undefined> {
  const name = await vscode.window.showInputBox({
    title: l10n.t('Create Queue (1/4): name'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? l10n.t('Give the queue a name.') : v.startsWith('amq.') ? l10n.t('Names starting with "amq." are reserved by RabbitMQ.') : v.length > 255 ? l10n.t('At most 255 characters.') : undefined),
  });
  if (!name) return undefined;
  const type = await vscode.window.showQuickPick(
    [
      { label: 'classic', description: l10n.t('the default queue'), value: 'classic' as const },
      { label: 'quorum', description: l10n.t('replicated, durable, with a delivery limit'), value: 'quorum' as const },
      { label: 'stream', description: l10n.t('an append-only log: read by offset, messages stay after delivery'), value: 'stream' as const },
    ],
    { title: l10n.t('Create Queue (2/4): type'), ignoreFocusOut: true },
  );
  if (!type) return undefined;
  let durable = true;
  if (type.value === 'classic') {
    const pick = await vscode.window.showQuickPick(
      [
        { label: l10n.t('durable'), description: l10n.t('survives a broker restart'), value: true },
        { label: l10n.t('transient'), description: l10n.t('gone after a broker restart'), value: false },
      ],
      { title: l10n.t('Create Queue (3/4): durability'), ignoreFocusOut: true },
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
    { label: l10n.t('Dead-letter exchange'), key: 'dlx' },
    { label: l10n.t('Message TTL'), key: 'ttl' },
    { label: l10n.t('Max length'), key: 'maxLength' },
    ...(type === 'quorum' ? [{ label: l10n.t('Delivery limit'), key: 'deliveryLimit' }] : [{ label: l10n.t('Max priority'), key: 'maxPriority' }]),
  ];
  const chosen = await vscode.window.showQuickPick(options, { title: l10n.t('Create Queue (4/4): optional arguments (none is fine)'), canPickMany: true, ignoreFocusOut: true });
  if (!chosen) return undefined;
  const keys = new Set(chosen.map((c) => c.key));
  const out: { -readonly [K in keyof QueueArguments]: QueueArguments[K] } = {};
  if (keys.has('dlx')) {
    const dlx = await vscode.window.showInputBox({ title: l10n.t('Dead-letter exchange'), prompt: l10n.t('Exchange that receives rejected, expired and overflowing messages'), ignoreFocusOut: true });
    if (dlx === undefined) return undefined;
    out.deadLetterExchange = dlx;
    const key = await vscode.window.showInputBox({ title: l10n.t('Dead-letter routing key'), prompt: l10n.t('Leave empty to keep each message\'s own routing key'), ignoreFocusOut: true });
    if (key === undefined) return undefined;
    if (key !== '') out.deadLetterRoutingKey = key;
  }
  if (keys.has('ttl')) {
    const ttl = await promptInteger(l10n.t('Message TTL'), l10n.t('Milliseconds a message may wait in the queue'), '60000', 0, 2 ** 31 - 1);
    if (ttl === undefined) return undefined;
    out.messageTtlMs = ttl;
  }
  if (keys.has('maxLength')) {
    const max = await promptInteger(l10n.t('Max length'), l10n.t('Most messages the queue holds'), '10000', 0, 2 ** 31 - 1);
    if (max === undefined) return undefined;
    out.maxLength = max;
    const overflow = await vscode.window.showQuickPick(['drop-head', 'reject-publish', 'reject-publish-dlx'] as const, { title: l10n.t('When full'), ignoreFocusOut: true });
    if (!overflow) return undefined;
    out.overflow = overflow as QueueArguments['overflow'];
  }
  if (keys.has('deliveryLimit')) {
    const limit = await promptInteger(l10n.t('Delivery limit'), l10n.t('Deliveries before a message is dead-lettered or dropped'), '5', 1, 1_000_000);
    if (limit === undefined) return undefined;
    out.deliveryLimit = limit;
  }
  if (keys.has('maxPriority')) {
    const prio = await promptInteger(l10n.t('Max priority'), l10n.t('Highest priority the queue honours (1–255; 1–10 recommended)'), '10', 1, 255);
    if (prio === undefined) return undefined;
    out.maxPriority = prio;
  }
  return out;
}

/** Asks for a new exchange. */
export async function promptExchange(): Promise<ExchangeSpec | undefined> {
  const name = await vscode.window.showInputBox({
    title: l10n.t('Create Exchange (1/3): name'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? l10n.t('Give the exchange a name.') : v.startsWith('amq.') ? l10n.t('Names starting with "amq." are reserved by RabbitMQ.') : undefined),
  });
  if (!name) return undefined;
  const type = await vscode.window.showQuickPick(
    [
      { label: 'direct', description: l10n.t('routing key equals binding key') },
      { label: 'fanout', description: l10n.t('every bound queue gets a copy') },
      { label: 'topic', description: l10n.t('patterns: * one word, # zero or more') },
      { label: 'headers', description: l10n.t('match on headers, x-match all or any') },
    ],
    { title: l10n.t('Create Exchange (2/3): type'), ignoreFocusOut: true },
  );
  if (!type) return undefined;
  const durable = await vscode.window.showQuickPick(
    [
      { label: l10n.t('durable'), value: true },
      { label: l10n.t('transient'), value: false },
    ],
    { title: l10n.t('Create Exchange (3/3): durability'), ignoreFocusOut: true },
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
    validateInput: (v) => (/^\d+$/.test(v.trim()) && +v >= min && +v <= max ? undefined : l10n.t('Enter a whole number from {0} to {1}.', min, max)),
  });
  return text === undefined ? undefined : Number(text.trim());
}

/**
 * Asks the user to type `name` to confirm a destructive action. Returns what was typed (the adapter
 * checks it against the name once more), or undefined when the user cancelled.
 */
export async function confirmByTyping(what: string, name: string): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: l10n.t('Delete {0}', what),
    prompt: l10n.t('This cannot be undone. Type "{0}" to delete the {1}.', name, what),
    placeHolder: name,
    ignoreFocusOut: true,
    validateInput: (v) => (v === name ? undefined : l10n.t('Type the exact name: {0}', name)),
  });
  return typed;
}
