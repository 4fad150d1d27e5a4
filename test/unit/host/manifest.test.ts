import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CommandIds } from '../../../src/extension/commands/commandIds.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('package.json manifest', () => {
  const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);

  it('contributes exactly the commands in CommandIds', () => {
    assert.deepEqual([...contributed].sort(), Object.values(CommandIds).sort());
  });

  it('registers every contributed command in code (and nothing else)', () => {
    const source = sourceFiles(path.join(root, 'src', 'extension')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const registered = [...source.matchAll(/registerCommand\(\s*CommandIds\.(\w+)/g)].map((m) => (CommandIds as Record<string, string>)[m[1]!]);
    assert.ok(!registered.includes(undefined as unknown as string), 'registerCommand uses an id missing from CommandIds');
    assert.deepEqual([...new Set(registered)].sort(), [...contributed].sort());
    assert.doesNotMatch(source, /registerCommand\(\s*['"`]/, 'register commands through CommandIds, not string literals');
  });

  it('gives every command the BrokerLens category and a codicon', () => {
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'BrokerLens', c.command);
      assert.match(c.icon, /^\$\([a-z-]+\)$/, c.command);
    }
  });

  it('activates lazily, never on *', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
    assert.ok(!(manifest.activationEvents ?? []).includes('onStartupFinished'));
  });

  it('points menus and welcome links only at contributed commands', () => {
    const menus = Object.values(manifest.contributes.menus ?? {}).flat() as { command: string }[];
    for (const m of menus) assert.ok(contributed.includes(m.command), m.command);
    for (const w of manifest.contributes.viewsWelcome ?? []) {
      for (const [, id] of w.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(contributed.includes(id), id);
    }
  });

  it('pins @types/vscode to the minor of engines.vscode', () => {
    const engine = manifest.engines.vscode.replace(/^\^/, '').split('.').slice(0, 2).join('.');
    assert.match(manifest.devDependencies['@types/vscode'], new RegExp(`^~${engine.replace('.', '\\.')}\\.`));
  });
});
