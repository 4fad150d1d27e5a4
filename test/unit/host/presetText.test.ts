/**
 * The presets' words in the display language are written out as literal l10n.t calls (the
 * extractor needs literals): in English they must be exactly the presets' own titles and
 * explanations, and each preset's "what to look for" is two sentences.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESETS } from '../../../src/extension/core/simulator/presets/index.js';
import { presetTexts } from '../../../src/extension/panels/compare/presetText.js';

describe('preset texts', () => {
  it('has every preset, with its own English title and explanation, and two sentences of what to look for', () => {
    const texts = presetTexts();
    assert.deepEqual(texts.map((t) => t.id), PRESETS.map((p) => p.id));
    for (const p of PRESETS) {
      const t = texts.find((x) => x.id === p.id)!;
      assert.equal(t.title, p.title, p.id);
      assert.equal(t.explanation, p.explanation, p.id);
      assert.equal(t.lookFor.split(/(?<=\.)\s+(?=[A-Z])/).length, 2, `${p.id}: ${t.lookFor}`);
    }
  });
});
