/**
 * The manifest's strings (command titles, view names, settings descriptions, walkthrough) come from
 * package.nls.json (English) and package.nls.bn.json (Bengali): every %key% in package.json must be
 * in both, neither may carry keys nobody uses, and no user-facing manifest string is left inline.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');
const manifest = read('package.json');
const used = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!));

describe('manifest localization', () => {
  for (const file of ['package.nls.json', 'package.nls.bn.json']) {
    it(`${file} has every %key% of package.json and no other`, () => {
      const bundle = JSON.parse(read(file)) as Record<string, string>;
      assert.deepEqual([...used].filter((k) => !bundle[k]), [], 'missing');
      assert.deepEqual(Object.keys(bundle).filter((k) => !used.has(k)), [], 'unused');
    });
  }

  it('leaves no command title, view name or setting description inline', () => {
    const pkg = JSON.parse(manifest) as { contributes: { commands: { title: string }[]; views: Record<string, { name: string }[]>; configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> } } };
    const inline = [
      ...pkg.contributes.commands.map((c) => c.title),
      ...Object.values(pkg.contributes.views).flat().map((v) => v.name),
      ...Object.values(pkg.contributes.configuration.properties).flatMap((p) => [p.description, p.markdownDescription].filter((d): d is string => d !== undefined)),
    ].filter((t) => !/^%[^%]+%$/.test(t));
    assert.deepEqual(inline, []);
  });

  it('the Bengali bundle is Bengali, not a copy of the English one', () => {
    const en = JSON.parse(read('package.nls.json')) as Record<string, string>;
    const bn = JSON.parse(read('package.nls.bn.json')) as Record<string, string>;
    const copied = Object.keys(en).filter((k) => en[k] === bn[k] && /[a-z]{4}/.test(en[k]!) && en[k] !== 'BrokerLens');
    assert.deepEqual(copied, []);
  });
});
