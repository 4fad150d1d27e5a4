/**
 * Message keys and bodies of producers. Templates are compiled once into literal parts and slots,
 * so rendering a million bodies is a few string concatenations each.
 */
import type { SeededRandom } from '../random.js';
import type { KeyDistribution } from '../scenario/types.js';

type Slot = 'seq' | 'key' | 'producer' | 'time';
const SLOT = /\{\{(seq|key|producer|time)\}\}/g;

/** A compiled {{seq}} / {{key}} / {{producer}} / {{time}} template. */
export class Template {
  private readonly literals: string[] = [];
  private readonly slots: Slot[] = [];
  /** True when the template has no slot (it renders to itself). */
  readonly constant: boolean;

  constructor(readonly source: string) {
    let last = 0;
    for (const m of source.matchAll(SLOT)) {
      this.literals.push(source.slice(last, m.index));
      this.slots.push(m[1] as Slot);
      last = m.index + m[0].length;
    }
    this.literals.push(source.slice(last));
    this.constant = this.slots.length === 0;
  }

  render(seq: number, key: string, producer: string, time: number): string {
    if (this.constant) return this.source;
    let out = this.literals[0]!;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      out += s === 'seq' ? String(seq) : s === 'key' ? key : s === 'producer' ? producer : String(time);
      out += this.literals[i + 1]!;
    }
    return out;
  }
}

/** Picks the key of each message of one producer; -1 means no key. */
export class KeyChooser {
  private readonly names: (string | undefined)[] = [];
  private counter = 0;

  constructor(private readonly dist: KeyDistribution, private readonly random: SeededRandom) {}

  /** The next key number. */
  next(): number {
    const d = this.dist;
    switch (d.kind) {
      case 'none':
        return -1;
      case 'uniform':
        return this.random.int(d.keys);
      case 'roundRobin':
        return this.counter++ % d.keys;
      case 'hot':
        // Draw once for the hot key, once more for which cold key, so the mix is exactly hotShare.
        return this.random.chance(d.hotShare) ? 0 : 1 + this.random.int(d.keys - 1);
    }
  }

  /** The key's text: `key-<n>`, or '' for no key. */
  name(n: number): string {
    if (n < 0) return '';
    let s = this.names[n];
    if (s === undefined) {
      s = `key-${n}`;
      this.names[n] = s;
    }
    return s;
  }
}
