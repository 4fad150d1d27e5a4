import type * as vscode from 'vscode';

/** Inputs of the panel page. */
export interface PanelHtmlOptions {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  readonly uriJoin: (base: vscode.Uri, ...segments: string[]) => vscode.Uri;
  readonly bundle: string;
  readonly title: string;
  readonly nonce: string;
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
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${codicons.toString()}" id="vscode-codicon-stylesheet">
  <title>${escapeHtml(o.title)}</title>
</head>
<body>
  <div id="app"></div>
  <script type="module" nonce="${o.nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
