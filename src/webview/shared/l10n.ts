/**
 * Localization in a webview: the host embeds VS Code's bundle for the display language in the page
 * (a JSON data block, see panels/html.ts); this configures `@vscode/l10n` with it before any view
 * renders. Import `t` from here, never from '@vscode/l10n' directly, so the bundle is always loaded
 * first.
 */
import * as l10n from '@vscode/l10n';

const block = typeof document === 'undefined' ? null : document.getElementById('brokerlens-l10n');
if (block?.textContent) {
  try {
    const contents = JSON.parse(block.textContent) as Record<string, string>;
    if (Object.keys(contents).length > 0) l10n.config({ contents });
  } catch {
    // A broken bundle leaves the English source strings, which is still a working panel.
  }
}

/** Translates `message`, filling {0}, {1}… from `args`. */
export const t: typeof l10n.t = l10n.t;
