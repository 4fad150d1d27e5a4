/**
 * Every user-facing string ships in English and Bengali: the English bundle is exactly what the
 * extractor finds in src/ (so a new `l10n.t()` string fails here until `npm run l10n:export` adds it),
 * and the Bengali bundle translates every one of them, in Bengali script.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const keyOf = (k: string): string => k;
/** Strings with no letters to translate, or only names and units that Bengali developers write in English. */
const BENGALI_SCRIPT = /[\u0980-\u09FF]/;
const needsTranslation = (text: string): boolean => /[A-Za-z]{3,}/.test(text.replace(/\{\d+\}/g, ''));

describe('localization bundles', () => {
  it('the English bundle holds exactly the strings the extractor finds in src/', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'brokerlens-l10n-'));
    try {
      const res = spawnSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js'), 'export', '-o', out, path.join(root, 'src')], { encoding: 'utf8' });
      assert.equal(res.status, 0, res.stderr);
      const file = path.join(out, 'bundle.l10n.json');
      const extracted = fs.existsSync(file) ? Object.keys(JSON.parse(fs.readFileSync(file, 'utf8'))).map(keyOf).sort() : [];
      const committed = Object.keys(readJson('l10n/bundle.l10n.json')).sort();
      assert.deepEqual(committed, extracted, 'l10n/bundle.l10n.json is out of date: run `npm run l10n:export`');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('the Bengali bundle translates every English string, in Bengali script', () => {
    const en = readJson('l10n/bundle.l10n.json');
    const bn = readJson('l10n/bundle.l10n.bn.json');
    const missing = Object.keys(en).filter((k) => !(k in bn));
    assert.deepEqual(missing, [], 'strings missing from l10n/bundle.l10n.bn.json');
    const extra = Object.keys(bn).filter((k) => !(k in en));
    assert.deepEqual(extra, [], 'l10n/bundle.l10n.bn.json has strings no longer in the English bundle');
    for (const [key, value] of Object.entries(bn)) {
      const text = typeof value === 'string' ? value : (value as { message: string }).message;
      const source = typeof en[key] === 'string' ? (en[key] as string) : (en[key] as { message: string }).message;
      if (needsTranslation(source)) assert.match(text, BENGALI_SCRIPT, `not translated to Bengali: ${key}`);
      for (const placeholder of source.match(/\{\d+\}/g) ?? []) assert.ok(text.includes(placeholder), `${key}: the Bengali text lost ${placeholder}`);
    }
  });
});
