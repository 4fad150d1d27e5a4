/**
 * The Add/Edit Connection questions, free of `vscode` so every path (Kafka plain, TLS, mutual TLS,
 * SASL PLAIN/SCRAM; RabbitMQ with and without the management API) runs in plain Node against the
 * real brokers. connectionWizard.ts puts VS Code's QuickPick and InputBox behind {@link WizardUi}.
 *
 * Editing starts from the saved connection and changes only what a question asks, so fields the
 * wizard never asks (client id, timeouts, TLS server name, a key passphrase) survive an edit.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import { amqpUrlProblem, managementUrlProblem } from '../core/connections/urlChecks.js';
import type { ConnectionConfig, ConnectionSecrets, KafkaConnectionConfig, RabbitMqConnectionConfig, SaslMechanism, SchemaRegistrySettings, TlsOptions } from '../core/model/connection.js';
import { splitUrlCredentials } from '../core/util/redact.js';
import { parseBrokers } from './commandText.js';

/** One choice of a pick. */
export interface WizardItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
}

/** The prompts the wizard needs; undefined from any of them means the user pressed Escape. */
export interface WizardUi {
  pick<T>(items: readonly WizardItem<T>[], options: { readonly title: string; readonly placeHolder?: string; readonly activeValue?: T }): Promise<T | undefined>;
  input(options: {
    readonly title: string;
    readonly prompt: string;
    readonly value?: string;
    readonly password?: boolean;
    readonly placeHolder?: string;
    readonly validate?: (text: string) => string | undefined;
  }): Promise<string | undefined>;
  /** A notice that does not wait for an answer (e.g. "the password was moved out of the URL"). */
  info(message: string): void;
}

/** What the wizard produced. */
export interface WizardResult {
  readonly config: ConnectionConfig;
  readonly secrets: ConnectionSecrets;
  readonly scope: 'user' | 'workspace';
}

/** What the wizard starts from when it edits. */
export interface WizardStart {
  readonly existing?: ConnectionConfig;
  /** The saved secrets of `existing`: kept when the user leaves the password empty. */
  readonly existingSecrets?: ConnectionSecrets;
  /** False when no folder is open (only user settings can take the connection). */
  readonly hasWorkspace: boolean;
  /** The scope `existing` is saved in; an edit is saved there again. */
  readonly existingScope?: 'user' | 'workspace';
}

const KAFKA_STEPS = 5;
const RABBIT_STEPS = 5;

type Auth = 'none' | SaslMechanism;
type TlsChoice = 'off' | 'verify' | 'noVerify';

/** Runs the questions; undefined when the user cancelled at any step (nothing is saved then). */
export async function runWizardFlow(ui: WizardUi, start: WizardStart): Promise<WizardResult | undefined> {
  const { existing } = start;
  const verb = existing ? l10n.t('Edit Connection') : l10n.t('Add Connection');
  const title = (step: number, total: number, what: string): string => `${verb} (${step}/${total}): ${what}`;
  const kind =
    existing?.kind ??
    (await ui.pick(
      [
        { label: '$(list-ordered) Apache Kafka', description: l10n.t('bootstrap brokers host:port, TLS, SASL'), value: 'kafka' as const },
        { label: '$(inbox) RabbitMQ', description: l10n.t('AMQP URL and management API'), value: 'rabbitmq' as const },
      ],
      { title: title(1, KAFKA_STEPS, l10n.t('broker')), placeHolder: l10n.t('Which kind of broker?') },
    ));
  if (!kind || kind === 'simulator') return undefined;
  const total = kind === 'kafka' ? KAFKA_STEPS : RABBIT_STEPS;

  const name = await ui.input({
    title: title(2, total, l10n.t('name')),
    prompt: l10n.t('A name to recognise this connection by'),
    value: existing?.name ?? (kind === 'kafka' ? 'Local Kafka' : 'Local RabbitMQ'),
    validate: (v) => (v.trim() === '' ? l10n.t('Give the connection a name.') : v.trim().length > 100 ? l10n.t('Use at most 100 characters.') : undefined),
  });
  if (name === undefined) return undefined;
  const id = existing?.id ?? `${slug(name)}-${randomUUID().slice(0, 8)}`;

  const result =
    kind === 'kafka'
      ? await kafkaQuestions(ui, title, id, name.trim(), existing?.kind === 'kafka' ? existing : undefined, start.existingSecrets, `${verb}: ${l10n.t('schema registry (optional)')}`)
      : await rabbitQuestions(ui, title, id, name.trim(), existing?.kind === 'rabbitmq' ? existing : undefined, start.existingSecrets);
  if (!result) return undefined;

  const scope =
    start.existingScope ??
    (start.hasWorkspace
      ? await ui.pick(
          [
            { label: l10n.t('User settings'), description: l10n.t('only you, every workspace'), value: 'user' as const },
            { label: l10n.t('Workspace settings'), description: l10n.t('committed with the project, shared with the team (no secrets)'), value: 'workspace' as const },
          ],
          { title: l10n.t('Save the connection in') },
        )
      : 'user');
  if (!scope) return undefined;
  return { ...result, scope };
}

type Title = (step: number, total: number, what: string) => string;

async function kafkaQuestions(
  ui: WizardUi,
  title: Title,
  id: string,
  name: string,
  existing: KafkaConnectionConfig | undefined,
  existingSecrets: ConnectionSecrets | undefined,
  registryTitle: string,
): Promise<{ config: KafkaConnectionConfig; secrets: ConnectionSecrets } | undefined> {
  const brokers = await ui.input({
    title: title(3, KAFKA_STEPS, l10n.t('bootstrap brokers')),
    prompt: l10n.t('Comma-separated host:port of one or more brokers'),
    value: existing ? existing.brokers.join(',') : '127.0.0.1:9092',
    validate: (v) => (parseBrokers(v) ? undefined : l10n.t('Use host:port, separated by commas, e.g. 127.0.0.1:9092.')),
  });
  if (brokers === undefined) return undefined;

  const tls = await tlsQuestions(ui, title(4, KAFKA_STEPS, l10n.t('TLS settings')), existing?.tls, true, existing !== undefined);
  if (tls === null) return undefined;

  const authTitle = title(5, KAFKA_STEPS, l10n.t('authentication'));
  const auth = await ui.pick<Auth>(
    [
      { label: l10n.t('None'), description: l10n.t('no SASL (PLAINTEXT or SSL listener)'), value: 'none' },
      { label: 'SASL/SCRAM-SHA-512', description: l10n.t('user name and password, hashed'), value: 'scram-sha-512' },
      { label: 'SASL/SCRAM-SHA-256', description: l10n.t('user name and password, hashed'), value: 'scram-sha-256' },
      { label: 'SASL/PLAIN', description: l10n.t('user name and password in clear: use it with TLS'), value: 'plain' },
    ],
    { title: authTitle, placeHolder: l10n.t('How does the broker authenticate clients?'), ...(existing ? { activeValue: existing.sasl?.mechanism ?? 'none' } : {}) },
  );
  if (!auth) return undefined;

  // Everything the wizard does not ask about (client id, timeouts) is carried over from the saved one.
  const { sasl: _sasl, tls: _tls, schemaRegistry: _registry, ...kept } = existing ?? ({} as Partial<KafkaConnectionConfig>);
  let config: KafkaConnectionConfig = { ...kept, kind: 'kafka', id, name, brokers: parseBrokers(brokers)!, ...(tls ? { tls } : {}) };
  let secrets: ConnectionSecrets = keepPassphrase(existingSecrets, tls);
  if (auth !== 'none') {
    const creds = await credentialQuestions(ui, authTitle, existing?.sasl?.username ?? '', existing?.sasl ? existingSecrets?.password : undefined, true);
    if (!creds) return undefined;
    config = { ...config, sasl: { mechanism: auth, username: creds.username } };
    secrets = { ...secrets, ...(creds.password !== undefined ? { password: creds.password } : {}) };
  }

  // Optional, after the numbered steps: a cluster without a registry answers it with one Enter.
  const registry = await registryQuestions(ui, registryTitle, existing?.schemaRegistry, existing?.schemaRegistry ? existingSecrets?.schemaRegistrySecret : undefined);
  if (registry === null) return undefined;
  if (registry) {
    config = { ...config, schemaRegistry: registry.settings };
    secrets = { ...secrets, ...(registry.secret !== undefined ? { schemaRegistrySecret: registry.secret } : {}) };
  }
  return { config, secrets };
}

/**
 * The optional schema registry of a Kafka connection: its Confluent-compatible URL, authentication
 * (none, basic, bearer; the password or token goes to SecretStorage only), and for https the CA and
 * whether to verify (on unless the user turns it off). Returns null on Escape, undefined for "none".
 */
async function registryQuestions(
  ui: WizardUi,
  stepTitle: string,
  saved: SchemaRegistrySettings | undefined,
  savedSecret: string | undefined,
): Promise<{ settings: SchemaRegistrySettings; secret?: string } | undefined | null> {
  const use = await ui.pick(
    savedFirst([
      { label: l10n.t('No schema registry'), description: l10n.t('records are shown as they are (JSON, text or bytes)'), value: 'none' as const },
      {
        label: l10n.t('Schema registry (Confluent-compatible API)'),
        description: l10n.t('decode Avro, Protobuf and JSON Schema records in Browse, encode them in Publish'),
        value: 'registry' as const,
      },
    ], saved ? 'registry' : undefined),
    { title: stepTitle, placeHolder: l10n.t('Does this cluster use a schema registry?'), ...(saved ? { activeValue: 'registry' as const } : {}) },
  );
  if (!use) return null;
  if (use === 'none') return undefined;
  const url = await ui.input({
    title: stepTitle,
    prompt: l10n.t('Base URL of the Confluent-compatible API (Apicurio Registry: http://host:8080/apis/ccompat/v7)'),
    value: saved?.url ?? 'http://localhost:8081',
    validate: registryUrlProblem,
  });
  if (url === undefined) return null;
  const auth = await ui.pick(
    savedFirst([
      { label: l10n.t('No authentication'), value: 'none' as const },
      { label: l10n.t('User name and password (basic)'), value: 'basic' as const },
      { label: l10n.t('Bearer token'), value: 'bearer' as const },
    ], saved?.auth),
    { title: stepTitle, placeHolder: l10n.t('How does the registry authenticate clients?'), ...(saved ? { activeValue: saved.auth ?? 'none' } : {}) },
  );
  if (!auth) return null;
  let username: string | undefined;
  let secret: string | undefined;
  if (auth !== 'none') {
    if (auth === 'basic') {
      const answer = await ui.input({ title: stepTitle, prompt: l10n.t('Registry user name'), value: saved?.username ?? '', validate: (v) => (v.trim() === '' ? l10n.t('Basic authentication needs a user name.') : undefined) });
      if (answer === undefined) return null;
      username = answer.trim();
    }
    // The same kind of secret as before can be kept by leaving it empty; a new kind needs a new one.
    const keep = savedSecret !== undefined && savedSecret !== '' && saved?.auth === auth;
    const what = auth === 'basic' ? l10n.t('Registry password') : l10n.t('Registry bearer token');
    const answer = await ui.input({
      title: stepTitle,
      prompt: keep ? l10n.t('{0} (kept in the OS keychain, never in settings); leave empty to keep the saved one', what) : l10n.t('{0} (kept in the OS keychain, never in settings)', what),
      password: true,
    });
    if (answer === undefined) return null;
    secret = answer !== '' ? answer : keep ? savedSecret : '';
  }
  let caFile: string | undefined;
  let rejectUnauthorized = true;
  if (url.trim().startsWith('https://')) {
    const current = saved?.rejectUnauthorized === false ? 'off' : saved?.caFile ? 'file' : 'system';
    const tls = await ui.pick(
      savedFirst([
        { label: l10n.t('Verify the certificate with the system CAs'), value: 'system' as const },
        { label: l10n.t('Verify the certificate with a CA file (PEM)'), description: l10n.t('a private CA'), value: 'file' as const },
        { label: l10n.t('Do not verify the certificate'), description: l10n.t('insecure: anyone on the path can impersonate the registry'), value: 'off' as const },
      ], saved ? current : undefined),
      { title: stepTitle, placeHolder: l10n.t('How is the registry\'s certificate checked?'), ...(saved ? { activeValue: current } : {}) },
    );
    if (!tls) return null;
    if (tls === 'file') {
      const answer = await ui.input({
        title: stepTitle,
        prompt: l10n.t('CA certificate file (PEM) that signed the registry certificate'),
        value: saved?.caFile ?? '',
        placeHolder: l10n.t('absolute path'),
        validate: (v) => (v.trim() === '' ? l10n.t('Give the CA file, or choose to verify with the system CAs.') : fileProblem(v)),
      });
      if (answer === undefined) return null;
      caFile = answer.trim();
    }
    if (tls === 'off') {
      rejectUnauthorized = false;
      ui.info(l10n.t('TLS verification is off for this schema registry: anyone on the network path can impersonate it.'));
    }
  }
  const settings: SchemaRegistrySettings = {
    url: url.trim(),
    auth,
    ...(username ? { username } : {}),
    ...(caFile ? { caFile } : {}),
    ...(rejectUnauthorized ? {} : { rejectUnauthorized: false }),
  };
  return { settings, ...(secret !== undefined ? { secret } : {}) };
}

/** The saved choice first, so Enter on an edit keeps it (QuickPick selects the first item). */
function savedFirst<T>(items: WizardItem<T>[], saved: T | undefined): WizardItem<T>[] {
  const i = items.findIndex((item) => item.value === saved);
  return i <= 0 ? items : [items[i]!, ...items.slice(0, i), ...items.slice(i + 1)];
}

/** A registry URL problem, or undefined: http(s), a host, no user info (the secret goes to SecretStorage). */
export function registryUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return l10n.t('Enter an http:// or https:// URL, e.g. http://localhost:8081.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return l10n.t('Enter an http:// or https:// URL, e.g. http://localhost:8081.');
  if (url.username || url.password) return l10n.t('Enter an http:// or https:// URL without a user name or password.');
  return undefined;
}

async function rabbitQuestions(
  ui: WizardUi,
  title: Title,
  id: string,
  name: string,
  existing: RabbitMqConnectionConfig | undefined,
  existingSecrets: ConnectionSecrets | undefined,
): Promise<{ config: RabbitMqConnectionConfig; secrets: ConnectionSecrets } | undefined> {
  const amqpInput = await ui.input({
    title: title(3, RABBIT_STEPS, l10n.t('AMQP address')),
    prompt: l10n.t('amqp://host:5672/vhost or amqps://… (a password here is moved to the OS keychain)'),
    value: existing?.amqpUrl ?? 'amqp://127.0.0.1:5672/',
    validate: amqpUrlProblem,
  });
  if (amqpInput === undefined) return undefined;
  const amqp = splitUrlCredentials(amqpInput);
  const amqpUrl = new URL(amqp.url);

  const mgmtInput = await ui.input({
    title: title(4, RABBIT_STEPS, l10n.t('management API')),
    prompt: l10n.t('http(s) URL of the management plugin; leave empty for AMQP-only mode'),
    value: existing ? (existing.managementUrl ?? '') : `http://${amqpUrl.hostname}:15672`,
    validate: (v) => managementUrlProblem(v, { allowCredentials: true }),
  });
  if (mgmtInput === undefined) return undefined;
  const mgmt = mgmtInput.trim() === '' ? { url: '' } : splitUrlCredentials(mgmtInput);
  const moved = amqp.password !== undefined || ('password' in mgmt && mgmt.password !== undefined) || amqp.username !== undefined || ('username' in mgmt && mgmt.username !== undefined);
  if (moved) {
    // Node's fetch refuses URLs with user info, and settings.json is no place for a password.
    ui.info(l10n.t('The user name and password were taken out of the URL: the user name is saved with the connection, the password in the OS keychain (SecretStorage).'));
  }
  const urlUser = amqp.username ?? ('username' in mgmt ? mgmt.username : undefined);
  const urlPassword = amqp.password ?? ('password' in mgmt ? mgmt.password : undefined);

  // TLS follows the scheme. Unchanged scheme: the saved CA, client certificate, key and server name stay.
  const isTls = amqpUrl.protocol === 'amqps:';
  const wasTls = existing ? new URL(existing.amqpUrl).protocol === 'amqps:' || existing.tls?.enabled === true : false;
  let tls: TlsOptions | undefined = existing?.tls;
  if (isTls) {
    const answered = await tlsQuestions(ui, title(3, RABBIT_STEPS, l10n.t('TLS settings')), existing?.tls ?? { enabled: true, rejectUnauthorized: true }, false, existing !== undefined);
    if (answered === null) return undefined;
    tls = answered;
  } else if (wasTls && tls) {
    tls = { ...tls, enabled: false };
  }

  const { tls: _tls, username: _username, managementUrl: _mgmt, ...kept } = existing ?? ({} as Partial<RabbitMqConnectionConfig>);
  const credsTitle = title(5, RABBIT_STEPS, l10n.t('credentials'));
  const savedPassword = existingSecrets?.password;
  const creds = await credentialQuestions(ui, credsTitle, urlUser ?? existing?.username ?? 'guest', urlPassword ?? savedPassword, false, urlPassword !== undefined);
  if (!creds) return undefined;
  const config: RabbitMqConnectionConfig = {
    ...kept,
    kind: 'rabbitmq',
    id,
    name,
    amqpUrl: amqp.url,
    ...(mgmt.url ? { managementUrl: mgmt.url } : {}),
    ...(creds.username ? { username: creds.username } : {}),
    ...(tls ? { tls } : {}),
  };
  const secrets: ConnectionSecrets = { ...keepPassphrase(existingSecrets, tls), ...(creds.password !== undefined ? { password: creds.password } : {}) };
  return { config, secrets };
}

/**
 * TLS questions. Returns null on Escape, undefined for "TLS off" (Kafka only; RabbitMQ's TLS follows
 * amqps://), else the options (fields not asked, such as servername, kept from `saved`).
 */
async function tlsQuestions(ui: WizardUi, stepTitle: string, saved: TlsOptions | undefined, offAllowed: boolean, editing: boolean): Promise<TlsOptions | undefined | null> {
  const current: TlsChoice = !saved?.enabled ? 'off' : saved.rejectUnauthorized === false ? 'noVerify' : 'verify';
  const items: WizardItem<TlsChoice>[] = [
    ...(offAllowed ? [{ label: l10n.t('No TLS'), description: l10n.t('PLAINTEXT or SASL_PLAINTEXT listener'), value: 'off' as const }] : []),
    { label: l10n.t('TLS, verify the broker certificate'), description: l10n.t('recommended; a private CA file can be given next'), value: 'verify' },
    { label: l10n.t('TLS without verification'), description: l10n.t('insecure: anyone on the path can read and change traffic'), value: 'noVerify' },
  ];
  const choice = await ui.pick(items, { title: stepTitle, placeHolder: l10n.t('Does the listener use TLS?'), ...(editing ? { activeValue: offAllowed || current !== 'off' ? current : 'verify' } : {}) });
  if (!choice) return null;
  if (choice === 'off') return undefined;
  const file = async (prompt: string, value: string | undefined): Promise<string | undefined> => {
    const answer = await ui.input({ title: stepTitle, prompt, value: value ?? '', placeHolder: l10n.t('absolute path, or empty'), validate: fileProblem });
    return answer === undefined ? undefined : answer.trim();
  };
  const caFile = await file(l10n.t('CA certificate file (PEM) that signed the broker certificate; leave empty to trust the system CAs'), saved?.caFile);
  if (caFile === undefined) return null;
  const certFile = await file(l10n.t('Client certificate file (PEM) for mutual TLS; leave empty for none'), saved?.certFile);
  if (certFile === undefined) return null;
  let keyFile = '';
  if (certFile) {
    const key = await ui.input({
      title: stepTitle,
      prompt: l10n.t('Client key file (PEM) of that certificate'),
      value: saved?.keyFile ?? '',
      validate: (v) => (v.trim() === '' ? l10n.t('A client certificate needs its key file.') : fileProblem(v)),
    });
    if (key === undefined) return null;
    keyFile = key.trim();
  }
  if (choice === 'noVerify') ui.info(l10n.t('TLS certificate verification is OFF for this connection: only use it with a test broker.'));
  const { caFile: _ca, certFile: _cert, keyFile: _key, ...rest } = saved ?? { enabled: true };
  return {
    ...rest,
    enabled: true,
    rejectUnauthorized: choice !== 'noVerify',
    ...(caFile ? { caFile } : {}),
    ...(certFile ? { certFile, keyFile } : {}),
  };
}

/** User name and password; an empty password on edit keeps the saved one. */
async function credentialQuestions(
  ui: WizardUi,
  stepTitle: string,
  user: string,
  savedPassword: string | undefined,
  required: boolean,
  passwordFromUrl = false,
): Promise<{ username: string; password?: string } | undefined> {
  const username = await ui.input({
    title: stepTitle,
    prompt: required ? l10n.t('SASL user name') : l10n.t('User name (RabbitMQ default: guest)'),
    value: user,
    validate: (v) => (required && v.trim() === '' ? l10n.t('SASL needs a user name.') : undefined),
  });
  if (username === undefined) return undefined;
  if (username.trim() === '') return { username: '' };
  if (passwordFromUrl) return { username: username.trim(), password: savedPassword ?? '' };
  const password = await ui.input({
    title: stepTitle,
    prompt:
      savedPassword !== undefined
        ? l10n.t('Password (kept in the OS keychain, never in settings); leave empty to keep the saved one')
        : l10n.t('Password (kept in the OS keychain, never in settings)'),
    password: true,
  });
  if (password === undefined) return undefined;
  return { username: username.trim(), ...(password !== '' ? { password } : savedPassword !== undefined ? { password: savedPassword } : { password: '' }) };
}

/** A key passphrase stays with the connection while it still has a client key. */
function keepPassphrase(saved: ConnectionSecrets | undefined, tls: TlsOptions | undefined): ConnectionSecrets {
  return saved?.keyPassphrase && tls?.keyFile ? { keyPassphrase: saved.keyPassphrase } : {};
}

function fileProblem(text: string): string | undefined {
  const path = text.trim();
  if (path === '') return undefined;
  try {
    if (!fs.statSync(path).isFile()) return l10n.t('This is not a file.');
    fs.accessSync(path, fs.constants.R_OK);
    return undefined;
  } catch {
    return l10n.t('There is no readable file at this path.');
  }
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'connection';
}
