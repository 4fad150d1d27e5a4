/**
 * The page every panel loads (panels/html.ts): its CSP denies by default, scripts only by nonce, and
 * also denies <base> and form targets, which default-src does not cover (issue 14, defect 10).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { panelHtml } from '../../../src/extension/panels/html.js';

const uri = (path: string) => ({ path, toString: () => `https://webview.test${path}` }) as unknown as vscode.Uri;

describe('panel HTML', () => {
  it('has a strict CSP with base-uri and form-action denied', () => {
    const html = panelHtml({
      webview: { cspSource: 'https://webview.test', asWebviewUri: (u: vscode.Uri) => u } as unknown as vscode.Webview,
      extensionUri: uri('/ext'),
      uriJoin: (base, ...segments) => uri(`${base.path}/${segments.join('/')}`),
      bundle: 'browse',
      title: 'T',
      nonce: 'abc123',
    });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = new Map(csp.split(';').map((d) => { const [k, ...rest] = d.trim().split(/\s+/); return [k!, rest.join(' ')]; }));
    assert.equal(directives.get('default-src'), "'none'");
    assert.equal(directives.get('script-src'), "'nonce-abc123'");
    assert.equal(directives.get('base-uri'), "'none'");
    assert.equal(directives.get('form-action'), "'none'");
  });
});
