import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { ConnectionConfig, ConnectionSecrets, SaslMechanism, KafkaConnectionConfig, RabbitMqConnectionConfig } from '../core/model/connection.js';
import { parseBrokers } from './commandText.js';

/** What the wizard produced. */
export interface WizardResult {
  readonly config: ConnectionConfig;
  readonly secrets: ConnectionSecrets;
  readonly scope: 'user' | 'workspace';
}

/**
 * The guided Add Connection flow: kind, name, address, credentials, settings scope. Every input is
 * validated as it is typed; Escape at any step cancels with nothing saved.
 */
export async function runConnectionWizard(existing?: ConnectionConfig): Promise<WizardResult | undefined> {
  const kind =
    existing?.kind ??
    (
      await vscode.window.showQuickPick(
        [
          { label: '$(list-ordered) Apache Kafka', description: 'bootstrap brokers host:port', brokerKind: 'kafka' as const },
          { label: '$(inbox) RabbitMQ', description: 'AMQP URL and management API', brokerKind: 'rabbitmq' as const },
        ],
        { title: 'Add Connection (1/4): broker', placeHolder: 'Which kind of broker?', ignoreFocusOut: true },
      )
    )?.brokerKind;
  if (!kind || kind === 'simulator') return undefined;

  const name = await vscode.window.showInputBox({
    title: 'Add Connection (2/4): name',
    prompt: 'A name to recognise this connection by',
    value: existing?.name ?? (kind === 'kafka' ? 'Local Kafka' : 'Local RabbitMQ'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'Give the connection a name.' : undefined),
  });
  if (name === undefined) return undefined;
  const id = existing?.id ?? `${slug(name)}-${randomUUID().slice(0, 8)}`;

  let config: KafkaConnectionConfig | RabbitMqConnectionConfig;
  let username: string | undefined;
  if (kind === 'kafka') {
    const brokers = await vscode.window.showInputBox({
      title: 'Add Connection (3/4): bootstrap brokers',
      prompt: 'Comma-separated host:port of one or more brokers',
      value: existing?.kind === 'kafka' ? existing.brokers.join(',') : '127.0.0.1:9092',
      ignoreFocusOut: true,
      validateInput: (v) => (parseBrokers(v) ? undefined : 'Use host:port, separated by commas, e.g. 127.0.0.1:9092.'),
    });
    if (brokers === undefined) return undefined;
    config = { kind: 'kafka', id, name: name.trim(), brokers: parseBrokers(brokers)! };
  } else {
    const amqpUrl = await vscode.window.showInputBox({
      title: 'Add Connection (3/4): AMQP URL',
      prompt: 'amqp://host:5672/vhost or amqps://… (no password here: it is asked next and kept in the OS keychain)',
      value: existing?.kind === 'rabbitmq' ? existing.amqpUrl : 'amqp://127.0.0.1:5672/',
      ignoreFocusOut: true,
      validateInput: (v) => amqpProblem(v),
    });
    if (amqpUrl === undefined) return undefined;
    const url = new URL(amqpUrl.trim());
    const managementUrl = await vscode.window.showInputBox({
      title: 'Add Connection (3/4): management API',
      prompt: 'http(s) URL of the management plugin; leave empty for AMQP-only mode',
      value: existing?.kind === 'rabbitmq' ? (existing.managementUrl ?? '') : `http://${url.hostname}:15672`,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' || /^https?:\/\/[^\s]+$/.test(v.trim()) ? undefined : 'Use http://host:port or https://host:port, or leave it empty.'),
    });
    if (managementUrl === undefined) return undefined;
    username = decodeURIComponent(url.username) || undefined;
    url.username = '';
    url.password = '';
    config = {
      kind: 'rabbitmq',
      id,
      name: name.trim(),
      amqpUrl: url.toString(),
      ...(managementUrl.trim() ? { managementUrl: managementUrl.trim() } : {}),
      ...(url.protocol === 'amqps:' ? { tls: { enabled: true, rejectUnauthorized: true } } : {}),
    };
  }

  const user = await vscode.window.showInputBox({
    title: 'Add Connection (4/4): user name',
    prompt: kind === 'kafka' ? 'SASL user name; leave empty for no authentication' : 'User name (RabbitMQ default: guest)',
    value: username ?? (existing?.kind === 'rabbitmq' ? existing.username : existing?.kind === 'kafka' ? existing.sasl?.username : undefined) ?? (kind === 'rabbitmq' ? 'guest' : ''),
    ignoreFocusOut: true,
  });
  if (user === undefined) return undefined;
  const secrets: { password?: string } = {};
  if (user.trim() !== '') {
    const password = await vscode.window.showInputBox({
      title: 'Add Connection (4/4): password',
      prompt: 'Kept in the OS keychain (VS Code SecretStorage), never in settings',
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return undefined;
    secrets.password = password;
    if (config.kind === 'kafka') {
      const mechanisms: SaslMechanism[] = ['scram-sha-512', 'scram-sha-256', 'plain'];
      const mechanism = (await vscode.window.showQuickPick(mechanisms, {
        title: 'Add Connection (4/4): SASL mechanism',
        ignoreFocusOut: true,
      })) as SaslMechanism | undefined;
      if (!mechanism) return undefined;
      config = { ...config, sasl: { mechanism, username: user.trim() } };
    } else {
      config = { ...config, username: user.trim() };
    }
  }

  const scope = vscode.workspace.workspaceFolders?.length
    ? (
        await vscode.window.showQuickPick(
          [
            { label: 'User settings', description: 'only you, every workspace', scope: 'user' as const },
            { label: 'Workspace settings', description: 'committed with the project, shared with the team (no secrets)', scope: 'workspace' as const },
          ],
          { title: 'Save the connection in', ignoreFocusOut: true },
        )
      )?.scope
    : 'user';
  if (!scope) return undefined;
  return { config, secrets, scope };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'connection';
}

function amqpProblem(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:') return 'The URL must start with amqp:// or amqps://.';
    if (url.password) return 'Leave the password out of the URL: it is asked next and kept in the OS keychain.';
    return undefined;
  } catch {
    return 'This is not a URL; use amqp://host:5672/vhost.';
  }
}
