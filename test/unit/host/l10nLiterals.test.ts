/**
 * No user-facing string literal bypasses l10n in the host or the webviews, in the call shapes where
 * such strings occur here (test/support/l10nScan.ts lists them). A literal that must stay as written
 * goes in ALLOWED with the reason; the bundles test (l10n.test.ts) then checks every wrapped string
 * has its Bengali.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scanSources, scanText, type Finding } from '../../support/l10nScan.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** `file` → literal texts that stay as written, each with why. */
const ALLOWED: Record<string, Record<string, string>> = {
  'src/extension/commands/connectionWizardFlow.ts': {
    '$(list-ordered) Apache Kafka': 'product name',
    '$(inbox) RabbitMQ': 'product name',
    'SASL/SCRAM-SHA-512': 'protocol mechanism name',
    'SASL/SCRAM-SHA-256': 'protocol mechanism name',
    'SASL/PLAIN': 'protocol mechanism name',
  },
  'src/extension/commands/resourcePrompts.ts': {
    classic: 'RabbitMQ queue type, as the broker names it',
    quorum: 'RabbitMQ queue type, as the broker names it',
    stream: 'RabbitMQ queue type, as the broker names it',
    direct: 'RabbitMQ exchange type; the label is read back as the type',
    fanout: 'RabbitMQ exchange type; the label is read back as the type',
    topic: 'RabbitMQ exchange type; the label is read back as the type',
    headers: 'RabbitMQ exchange type; the label is read back as the type',
  },
  'src/extension/panels/browse/messageActions.ts': {
    NDJSON: 'file format name',
    JSON: 'file format name',
    CSV: 'file format name',
  },
};

const allowed = (f: Finding): boolean => ALLOWED[f.file.split(path.sep).join('/')]?.[f.text] !== undefined;

describe('user-facing literals go through l10n', () => {
  it('no host or webview source shows an unwrapped literal in the common call shapes', () => {
    const left = scanSources(root).filter((f) => !allowed(f));
    assert.deepEqual(
      left.map((f) => `${f.file}:${f.line} [${f.shape}] ${f.text}`),
      [],
      'wrap these in l10n.t(...) (then `npm run l10n:export` and add the Bengali), or allow-list them with a reason',
    );
  });

  it('every allow-listed literal still exists (a stale entry hides nothing)', () => {
    const found = new Set(scanSources(root).map((f) => `${f.file.split(path.sep).join('/')}\u0000${f.text}`));
    for (const [file, texts] of Object.entries(ALLOWED)) {
      for (const text of Object.keys(texts)) assert.ok(found.has(`${file}\u0000${text}`), `stale allow-list entry: ${file}: ${text}`);
    }
  });

  it('the scanner finds each shape it claims to, and passes l10n-wrapped text', () => {
    const host = `
      import * as l10n from '@vscode/l10n';
      vscode.window.showErrorMessage(\`Could not reach \${name}.\`, 'Show Log');
      vscode.window.showInformationMessage(l10n.t('Fine: {0}', name));
      vscode.window.showQuickPick(items, { title: 'Pick one', placeHolder: l10n.t('Which?') });
      vscode.window.showInputBox({ prompt: 'Name it', validateInput: (v) => (v ? undefined : 'Give a name.') });
      item.tooltip = \`partition \${p}\`;
      item.description = this.description ?? 'click to retry';
      const node = new vscode.TreeItem('Topics');
      reportError(log, 'Creating the topic', error);
      throw new Error('no adapter for this');
      throw new BrokerError('notFound', 'No such topic here.');
      resolveTarget(node, store, sessions, 'partitions', 'Create Topic');
    `;
    const shapes = scanText('host.ts', host, 'host').map((f) => `${f.shape} ${f.text}`);
    assert.deepEqual(shapes, [
      'showErrorMessage Could not reach {}.',
      'showErrorMessage Show Log',
      'title: Pick one',
      'prompt: Name it',
      'validateInput return Give a name.',
      '.tooltip = partition {}',
      '.description = click to retry',
      'new TreeItem Topics',
      'reportError Creating the topic',
      'new BrokerError No such topic here.',
      'resolveTarget Create Topic',
    ]);
    const web = "html`<p class=\"x\">Nothing here yet.</p><vscode-button title=\"Copy it\">${l10n.t('Copy')}</vscode-button><style>.a { color: red }</style>`";
    assert.deepEqual(scanText('view.ts', web, 'webview').map((f) => f.text), ['Nothing here yet.', 'title="Copy it"']);
  });
});
