/**
 * Numbers and durations as the Consumer group panel writes them.
 */
import * as l10n from '@vscode/l10n';

/** 1234567 → "1,234,567". */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** An age in milliseconds in the two largest units: "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h". */
export function age(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return l10n.t('{0} s', s);
  const m = Math.floor(s / 60);
  if (m < 60) return l10n.t('{0} min {1} s', m, s % 60);
  const h = Math.floor(m / 60);
  if (h < 24) return l10n.t('{0} h {1} min', h, m % 60);
  return l10n.t('{0} d {1} h', Math.floor(h / 24), h % 24);
}

/** Records per second with one decimal under 10. */
export function rate(n: number | null): string {
  if (n === null) return '–';
  return n < 10 ? n.toFixed(1) : count(n);
}
