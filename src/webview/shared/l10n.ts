/**
 * Localization in a webview: the host embeds VS Code's bundle for the display language in the page
 * (a JSON data block, see panels/html.ts); this configures `@vscode/l10n` with it before any view
 * renders. Each panel's main.ts imports this module first; view modules then call `l10n.t(...)` on
 * their own `import * as l10n from '@vscode/l10n'` (the same module instance, so already configured).
 * There is deliberately no `t` re-export here: the extractor (`npm run l10n:export`) only finds calls
 * written `l10n.t(...)`, so a bare `t(...)` would silently leave its string out of the bundles.
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
