import type * as vscode from 'vscode';

/** Inputs of the panel page. */
export interface PanelHtmlOptions {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  readonly uriJoin: (base: vscode.Uri, ...segments: string[]) => vscode.Uri;
  readonly bundle: string;
  readonly title: string;
  readonly nonce: string;
  /** VS Code's localization bundle for the display language (empty in English). */
  readonly l10nBundle?: Readonly<Record<string, string>>;
  /** VS Code's display language (`vscode.env.language`), for the page's lang attribute. */
  readonly language?: string;
}

/**
 * The page every panel loads: a strict CSP (nothing by default, scripts only by nonce, styles, fonts
 * and images only from the extension's own dist/webview), the codicon font, and the panel's bundle.
 */
export function panelHtml(o: PanelHtmlOptions): string {
  const root = o.uriJoin(o.extensionUri, 'dist', 'webview');
  const script = o.webview.asWebviewUri(o.uriJoin(root, `${o.bundle}.js`));
  const codicons = o.webview.asWebviewUri(o.uriJoin(root, 'codicons', 'codicon.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${o.webview.cspSource} data:`,
    `style-src ${o.webview.cspSource} 'nonce-${o.nonce}'`,
    `font-src ${o.webview.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
    // Neither is covered by default-src: a <base> could re-point relative URLs, a form could post out.
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  // A JSON data block is never executed; '<' is escaped so no string in the bundle can close the tag.
  const l10nJson = JSON.stringify(o.l10nBundle ?? {}).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.language ?? 'en')}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${codicons.toString()}" id="vscode-codicon-stylesheet">
  <title>${escapeHtml(o.title)}</title>
</head>
<body>
  <script type="application/json" id="brokerlens-l10n">${l10nJson}</script>
  <div id="app"></div>
  <script type="module" nonce="${o.nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
