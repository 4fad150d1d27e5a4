/**
 * Localization. Every user-facing string goes through `l10n.t()` from `@vscode/l10n` — in the host,
 * in core/ (which cannot import `vscode`) and in the webviews alike — so one extractor
 * (`npm run l10n:export`) finds them all and one bundle per language serves every layer.
 * VS Code loads the bundle for the display language (package.json `l10n`); this hands it to
 * `@vscode/l10n`, whose `t()` otherwise returns the English text with its {0} placeholders filled.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/** Configures `@vscode/l10n` for the host and core/ from VS Code's bundle for the display language. */
export function configureL10n(): void {
  const bundle = vscode.l10n.bundle;
  if (bundle) l10n.config({ contents: bundle });
}

/** The bundle handed to webviews (empty in English: `t()` then returns the source text). */
export function webviewL10nBundle(): Record<string, string> {
  return (vscode.l10n.bundle as Record<string, string> | undefined) ?? {};
}
