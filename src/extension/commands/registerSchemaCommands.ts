/**
 * Schema registry commands: set a Kafka connection's registry (secret to SecretStorage), open a schema
 * version read-only, register a new version after the registry's compatibility check, publish a JSON
 * value encoded with a subject's schema, browse a topic with a local .avsc/.proto file, and
 * `brokerlens.schema.encode`, the encode API the Publish panel calls.
 */
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { KafkaConnectionConfig, SchemaRegistrySettings } from '../core/model/connection.js';
import { BrokerError } from '../core/model/errors.js';
import { toBase64 } from '../core/model/payload.js';
import type { SchemaCodec } from '../core/schema/codec.js';
import { compileLocalSchema, schemaTypeOfFile } from '../core/schema/localSchema.js';
import { LocalSchemaLens } from '../core/schema/recordLens.js';
import { encodeWithRegistry, previewRegistration, registerVersion } from '../core/schema/schemaEncoder.js';
import type { SchemaType } from '../core/schema/types.js';
import { BrowsePanel, browsePanelKey, type BrowseTarget } from '../panels/browsePanel.js';
import type { PanelManager } from '../panels/panelManager.js';
import type { ConnectionEntry, ConnectionStore } from '../services/connectionStore.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError, reportInfo } from '../services/notify.js';
import { SchemaRegistries } from '../services/schemaRegistries.js';
import type { SecretStore } from '../services/secretStore.js';
import type { SessionManager } from '../services/sessions.js';
import type { ExplorerProvider } from '../tree/explorerProvider.js';
import { ConnectionNode } from '../tree/nodes/connectionNode.js';
import { TopicNode } from '../tree/nodes/kafkaNodes.js';
import type { ExplorerNode } from '../tree/nodes/node.js';
import { SchemaRegistryNode, SchemaVersionNode, SubjectNode } from '../tree/nodes/schemaNodes.js';
import { CommandIds } from './commandIds.js';
import { resolveTarget } from './pickers.js';

/** What the encode command takes (the Publish panel's call). */
export interface EncodeCommandArgs {
  readonly connectionId: string;
  readonly subject: string;
  readonly version?: number | 'latest';
  /** JSON text or a parsed value. */
  readonly value: unknown;
  readonly messageType?: string;
}

/** What the encode command returns: the framed bytes as base64, and which schema encoded them. */
export interface EncodeCommandResult {
  readonly valueBase64: string;
  readonly schemaId: number;
  readonly subject: string;
  readonly version: number;
  readonly typeName?: string;
}

const SCHEME = 'brokerlens-schema';

interface Deps {
  readonly extensionUri: vscode.Uri;
  readonly store: ConnectionStore;
  readonly secrets: SecretStore;
  readonly sessions: SessionManager;
  readonly schemas: SchemaRegistries;
  readonly panels: PanelManager;
  readonly explorer: ExplorerProvider;
  readonly log: ScopedLogger;
}

/** Registers the schema commands and the read-only schema document provider. */
export function registerSchemaCommands(deps: Deps): vscode.Disposable[] {
  const { store, schemas, log } = deps;
  const kafkaEntry = (id: string): ConnectionEntry & { config: KafkaConnectionConfig } => {
    const entry = store.get(id);
    if (!entry || entry.config.kind !== 'kafka') throw new BrokerError('notFound', l10n.t('There is no Kafka connection with id "{0}".', id));
    return entry as ConnectionEntry & { config: KafkaConnectionConfig };
  };

  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
      // brokerlens-schema:/<connection id>/<subject>/v<version>.<ext>
      const [, id, subject, file] = uri.path.split('/').map(decodeURIComponent);
      const version = Number(/^v(\d+)\./.exec(file ?? '')?.[1]);
      const client = await schemas.client(kafkaEntry(id ?? '').config);
      const found = await client.getVersion(subject ?? '', version);
      if (found.schemaType === 'PROTOBUF') return found.schema;
      try {
        return JSON.stringify(JSON.parse(found.schema), null, 2);
      } catch {
        return found.schema;
      }
    },
  };

  return [
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),

    vscode.commands.registerCommand(CommandIds.schemaConfigure, async (node?: ExplorerNode) => {
      try {
        const entry = node instanceof ConnectionNode ? node.entryValue : await pickKafkaConnection(store);
        if (!entry) return;
        if (entry.config.kind !== 'kafka' || entry.scope === 'builtin') {
          throw new BrokerError('invalidInput', l10n.t('A schema registry can be set on a Kafka connection from your settings.'));
        }
        const settings = await promptRegistrySettings(entry.config.schemaRegistry);
        if (!settings) return;
        const secret = settings.auth === 'basic' || settings.auth === 'bearer'
          ? await vscode.window.showInputBox({
              title: l10n.t('Schema registry: {0}', settings.auth === 'basic' ? l10n.t('password') : l10n.t('token')),
              prompt: l10n.t('Kept in VS Code SecretStorage, never in settings. Leave empty to keep the stored one.'),
              password: true,
              ignoreFocusOut: true,
            })
          : '';
        if (secret === undefined) return;
        const config: KafkaConnectionConfig = { ...entry.config, schemaRegistry: settings };
        const current = await deps.secrets.get(config.id);
        if (secret !== '') await deps.secrets.set(config.id, { ...current, schemaRegistrySecret: secret });
        else if (settings.auth === 'none' || settings.auth === undefined) await deps.secrets.set(config.id, { ...current, schemaRegistrySecret: '' });
        await store.save(config, entry.scope);
        schemas.forget(config.id);
        deps.explorer.refresh();
        const subjects = await (await schemas.client(config)).listSubjects();
        reportInfo(log, l10n.t('The schema registry of "{0}" answers: {1} subjects.', config.name, String(subjects.length)));
      } catch (error) {
        await reportError(log, l10n.t('Setting the schema registry'), error);
      }
    }),

    vscode.commands.registerCommand(CommandIds.schemaOpenVersion, async (node?: SchemaVersionNode) => {
      try {
        if (!(node instanceof SchemaVersionNode)) return;
        const ext = node.schemaType === 'PROTOBUF' ? 'proto' : node.schemaType === 'JSON' ? 'schema.json' : 'avsc';
        const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${encodeURIComponent(node.connection.id)}/${encodeURIComponent(node.subject)}/v${node.version}.${ext}` });
        let document = await vscode.workspace.openTextDocument(uri);
        const languages = await vscode.languages.getLanguages();
        const language = node.schemaType === 'PROTOBUF' ? ['proto3', 'proto'].find((l) => languages.includes(l)) : 'json';
        if (language && document.languageId !== language) document = await vscode.languages.setTextDocumentLanguage(document, language);
        await vscode.window.showTextDocument(document, { preview: true });
      } catch (error) {
        await reportError(log, l10n.t('Opening the schema'), error);
      }
    }),

    vscode.commands.registerCommand(CommandIds.schemaRegisterVersion, async (node?: ExplorerNode) => {
      try {
        const config = node instanceof SubjectNode || node instanceof SchemaRegistryNode ? node.connection : (await pickKafkaConnection(store, true))?.config;
        if (!config) return;
        const client = await schemas.client(config);
        const subject = node instanceof SubjectNode
          ? node.subject
          : await vscode.window.showInputBox({ title: l10n.t('Register Schema Version: subject'), prompt: l10n.t('Topic name strategy: <topic>-value or <topic>-key'), ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : l10n.t('Enter a subject.')) });
        if (!subject) return;
        const file = await pickSchemaDocument();
        if (!file) return;
        const schema = { schemaType: file.type, schema: file.text, references: [] };
        const preview = await previewRegistration(client, subject, schema);
        if (!preview.report.compatible) {
          const reasons = preview.report.messages.join('; ') || l10n.t('no reason given');
          throw new BrokerError('preconditionFailed', l10n.t('{0} is not compatible with subject "{1}" ({2}): {3}. Nothing was registered.', file.name, subject, preview.compatibility, reasons));
        }
        const register = l10n.t('Register');
        const choice = await vscode.window.showInformationMessage(
          l10n.t('{0} is compatible with subject "{1}" ({2}). Register it as a new version?', file.name, subject, preview.compatibility),
          { modal: true },
          register,
        );
        if (choice !== register) return;
        const id = await registerVersion(client, subject, schema, preview);
        deps.explorer.refresh();
        reportInfo(log, l10n.t('Registered {0} under subject "{1}" (schema id {2}).', file.name, subject, String(id)));
      } catch (error) {
        await reportError(log, l10n.t('Registering the schema version'), error);
      }
    }),

    vscode.commands.registerCommand(CommandIds.schemaEncode, async (args: EncodeCommandArgs): Promise<EncodeCommandResult> => {
      if (!args || typeof args.connectionId !== 'string' || typeof args.subject !== 'string') {
        throw new BrokerError('invalidInput', l10n.t('Encoding needs a connection id, a subject and a value.'));
      }
      const client = await schemas.client(kafkaEntry(args.connectionId).config);
      const encoded = await encodeWithRegistry(client, {
        subject: args.subject,
        value: args.value,
        ...(args.version !== undefined ? { version: args.version } : {}),
        ...(typeof args.messageType === 'string' && args.messageType ? { messageType: args.messageType } : {}),
      });
      return { valueBase64: toBase64(encoded.bytes), schemaId: encoded.schemaId, subject: encoded.subject, version: encoded.version, ...(encoded.typeName ? { typeName: encoded.typeName } : {}) };
    }),

    vscode.commands.registerCommand(CommandIds.schemaPublish, async (node?: ExplorerNode) => {
      try {
        const target = await resolveTarget(node, store, deps.sessions, 'partitions', l10n.t('Publish with Schema'));
        if (!target) return;
        const client = await schemas.client(target.entry.config);
        const topic = node instanceof TopicNode ? node.topic.name : await vscode.window.showInputBox({ title: l10n.t('Publish with Schema: topic'), ignoreFocusOut: true });
        if (!topic) return;
        const subjects = await client.listSubjects();
        const preferred = `${topic}-value`;
        const subject = await vscode.window.showQuickPick(
          [...subjects.filter((s) => s === preferred), ...subjects.filter((s) => s !== preferred)],
          { title: l10n.t('Publish with Schema: subject'), ignoreFocusOut: true },
        );
        if (!subject) return;
        const versions = await client.listVersions(subject);
        const latest = versions.at(-1);
        const version = await vscode.window.showQuickPick(
          [
            { label: l10n.t('latest (v{0})', String(latest ?? '?')), value: 'latest' as const },
            ...versions.slice().reverse().map((v) => ({ label: `v${v}`, value: v })),
          ],
          { title: l10n.t('Publish with Schema: version'), ignoreFocusOut: true },
        );
        if (!version) return;
        const value = await promptValue();
        if (value === undefined) return;
        const messageType = await vscode.window.showInputBox({ title: l10n.t('Publish with Schema: Protobuf message type'), prompt: l10n.t('Protobuf only: the message type; leave empty for the first message of the file.'), ignoreFocusOut: true });
        if (messageType === undefined) return;
        const key = await vscode.window.showInputBox({ title: l10n.t('Publish with Schema: key'), prompt: l10n.t('Records with the same key go to the same partition, in order. Leave empty for none.'), ignoreFocusOut: true });
        if (key === undefined) return;
        // Validation happens here: a value that does not fit is one sentence naming the field, and nothing is sent.
        const encoded = await encodeWithRegistry(client, { subject, version: version.value, value, ...(messageType ? { messageType } : {}) });
        const report = await target.adapter.publish({ destination: topic }, [{ value: encoded.bytes, ...(key ? { key } : {}) }]);
        const outcome = report.outcomes[0];
        if (outcome?.status !== 'confirmed') throw new BrokerError('unknown', l10n.t('Publishing to {0} failed: {1}', topic, outcome && 'reason' in outcome ? outcome.reason : ''));
        deps.explorer.refresh();
        reportInfo(log, l10n.t('Published to {0} (partition {1}, offset {2}), encoded with {3} v{4} (schema id {5}).', topic, String(outcome.partition ?? '?'), String(outcome.offset ?? '?'), subject, String(encoded.version), String(encoded.schemaId)));
      } catch (error) {
        await reportError(log, l10n.t('Publishing with a schema'), error);
      }
    }),

    vscode.commands.registerCommand(CommandIds.schemaBrowseWithLocalSchema, async (node?: ExplorerNode) => {
      try {
        const target = await resolveTarget(node, store, deps.sessions, 'partitions', l10n.t('Browse with Local Schema'));
        if (!target) return;
        const topic = node instanceof TopicNode ? node.topic.name : await vscode.window.showInputBox({ title: l10n.t('Browse with Local Schema: topic'), ignoreFocusOut: true });
        if (!topic) return;
        const files = await vscode.workspace.findFiles('**/*.{avsc,proto,schema.json}', '**/node_modules/**', 500);
        if (files.length === 0) throw new BrokerError('notFound', l10n.t('This workspace has no .avsc, .proto or .schema.json file to decode with.'));
        const picked = await vscode.window.showQuickPick(files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { title: l10n.t('Browse with Local Schema: schema file'), ignoreFocusOut: true });
        if (!picked) return;
        const type = schemaTypeOfFile(picked.uri.path)!;
        const codec = await compileLocalFile(picked.uri, type);
        let messageType: string | undefined;
        if (type === 'PROTOBUF') {
          messageType = await vscode.window.showInputBox({ title: l10n.t('Browse with Local Schema: Protobuf message type'), prompt: l10n.t('The message type of the records; leave empty for the first message of the file.'), ignoreFocusOut: true });
          if (messageType === undefined) return;
          if (messageType) codec.messageIndexesOf?.(messageType); // an unknown type is said now, not per record
        }
        const browse: BrowseTarget = { destination: topic, connectionName: target.entry.config.name };
        const name = path.basename(picked.uri.path);
        const lens = new LocalSchemaLens(codec, name, messageType || undefined);
        deps.panels.showOrCreate(`${browsePanelKey(target.entry.config.id, browse)}:schema:${picked.label}`, () => new BrowsePanel(deps.extensionUri, log, target.adapter, browse, { lens }));
      } catch (error) {
        await reportError(log, l10n.t('Browsing with a local schema'), error);
      }
    }),
  ];
}

async function pickKafkaConnection(store: ConnectionStore, withRegistry = false): Promise<ConnectionEntry | undefined> {
  const entries = store.list().filter((e) => e.config.kind === 'kafka' && e.scope !== 'builtin' && (!withRegistry || SchemaRegistries.configured(e.config)));
  if (entries.length === 0) {
    throw new BrokerError('notFound', withRegistry
      ? l10n.t('No Kafka connection has a schema registry yet. Use "Set Schema Registry" on a Kafka connection first.')
      : l10n.t('There is no Kafka connection yet. Add one first.'));
  }
  const picked = await vscode.window.showQuickPick(entries.map((e) => ({ label: e.config.name, description: e.config.kind === 'kafka' ? e.config.schemaRegistry?.url : '', entry: e })), { title: l10n.t('Kafka connection'), ignoreFocusOut: true });
  return picked?.entry;
}

async function promptRegistrySettings(current: SchemaRegistrySettings | undefined): Promise<SchemaRegistrySettings | undefined> {
  const url = await vscode.window.showInputBox({
    title: l10n.t('Schema registry: URL'),
    prompt: l10n.t('Base URL of the Confluent-compatible API (Apicurio Registry: http://host:8080/apis/ccompat/v7)'),
    value: current?.url ?? 'http://localhost:8081',
    ignoreFocusOut: true,
    validateInput: (v) => (/^https?:\/\/[^\s@]+$/.test(v.trim()) ? undefined : l10n.t('Enter an http:// or https:// URL without a user name or password.')),
  });
  if (!url) return undefined;
  const auth = await vscode.window.showQuickPick(
    [
      { label: l10n.t('No authentication'), value: 'none' as const },
      { label: l10n.t('User name and password (basic)'), value: 'basic' as const },
      { label: l10n.t('Bearer token'), value: 'bearer' as const },
    ],
    { title: l10n.t('Schema registry: authentication'), ignoreFocusOut: true },
  );
  if (!auth) return undefined;
  let username: string | undefined;
  if (auth.value === 'basic') {
    username = await vscode.window.showInputBox({ title: l10n.t('Schema registry: user name'), value: current?.username ?? '', ignoreFocusOut: true });
    if (username === undefined) return undefined;
  }
  let caFile = current?.caFile;
  let rejectUnauthorized = current?.rejectUnauthorized;
  if (url.trim().startsWith('https://')) {
    const ca = await vscode.window.showQuickPick(
      [
        { label: l10n.t('Trust the system certificate authorities'), value: 'system' as const },
        { label: l10n.t('Choose a CA certificate file (PEM)…'), value: 'file' as const },
        { label: l10n.t('Do not verify the certificate (not recommended)'), value: 'off' as const },
      ],
      { title: l10n.t('Schema registry: TLS'), ignoreFocusOut: true },
    );
    if (!ca) return undefined;
    caFile = undefined;
    rejectUnauthorized = ca.value === 'off' ? false : undefined;
    if (ca.value === 'file') {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: l10n.t('Use this CA'), filters: { PEM: ['pem', 'crt', 'cer'] } });
      if (!picked?.[0]) return undefined;
      caFile = picked[0].fsPath;
    }
    if (ca.value === 'off') void vscode.window.showWarningMessage(l10n.t('TLS verification is off for this schema registry: anyone on the network path can impersonate it.'));
  }
  return {
    url: url.trim(),
    auth: auth.value,
    ...(username ? { username } : {}),
    ...(caFile ? { caFile } : {}),
    ...(rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
  };
}

/** The schema to register: the active editor's document when it is a schema file, else one picked. */
async function pickSchemaDocument(): Promise<{ name: string; type: SchemaType; text: string } | undefined> {
  const editor = vscode.window.activeTextEditor;
  const fromEditor = editor && schemaTypeOfFile(editor.document.fileName);
  let uri = fromEditor ? editor.document.uri : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: l10n.t('Register this schema'), filters: { [l10n.t('Schemas')]: ['avsc', 'proto', 'json'] } });
    uri = picked?.[0];
  }
  if (!uri) return undefined;
  const document = await vscode.workspace.openTextDocument(uri);
  const type = schemaTypeOfFile(uri.path) ?? (uri.path.endsWith('.json') ? 'JSON' : undefined);
  if (!type) throw new BrokerError('invalidInput', l10n.t('{0} is not a schema file: use .avsc (Avro), .proto (Protobuf) or .schema.json (JSON Schema).', path.basename(uri.path)));
  return { name: path.basename(uri.path), type, text: document.getText() };
}

async function promptValue(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === 'json') {
    const use = await vscode.window.showQuickPick(
      [
        { label: l10n.t('Use the JSON in the active editor'), description: vscode.workspace.asRelativePath(editor.document.uri), value: 'editor' as const },
        { label: l10n.t('Type the value'), value: 'type' as const },
      ],
      { title: l10n.t('Publish with Schema: value'), ignoreFocusOut: true },
    );
    if (!use) return undefined;
    if (use.value === 'editor') return editor.document.getText(editor.selection.isEmpty ? undefined : editor.selection);
  }
  return vscode.window.showInputBox({ title: l10n.t('Publish with Schema: value'), prompt: l10n.t('The value as JSON; it is checked against the schema before anything is sent.'), value: '{}', ignoreFocusOut: true });
}

/** Reads a local schema file and (Protobuf) the files it imports, relative to it or to a workspace folder. */
async function compileLocalFile(uri: vscode.Uri, type: SchemaType): Promise<SchemaCodec> {
  const read = async (u: vscode.Uri): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
  const text = await read(uri);
  const imports = new Map<string, string>();
  if (type === 'PROTOBUF') {
    const pending = [...text.matchAll(/^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"/gm)].map((m) => m[1]!);
    const roots = [vscode.Uri.joinPath(uri, '..'), ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
    while (pending.length > 0 && imports.size < 100) {
      const name = pending.shift()!;
      if (imports.has(name) || name.startsWith('google/protobuf/')) continue;
      for (const root of roots) {
        try {
          const body = await read(vscode.Uri.joinPath(root, name));
          imports.set(name, body);
          pending.push(...[...body.matchAll(/^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"/gm)].map((m) => m[1]!));
          break;
        } catch {
          // try the next root
        }
      }
    }
  }
  try {
    return compileLocalSchema(type, text, imports);
  } catch (cause) {
    throw new BrokerError('invalidInput', l10n.t('{0} could not be read as {1}: {2}.', path.basename(uri.path), type, cause instanceof Error ? cause.message : String(cause)), { cause });
  }
}

