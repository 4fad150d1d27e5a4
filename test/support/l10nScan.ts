/**
 * Finds user-facing string literals that bypass l10n, in the call shapes where they occur in this
 * code base. It is deliberately narrow (precise over exhaustive) so its test is not noisy:
 * - host: the message and button arguments of `showInformationMessage` / `showWarningMessage` /
 *   `showErrorMessage`; the `title`, `placeHolder`, `prompt`, `label`, `description`, `detail`,
 *   `tooltip`, `validationMessage` properties of an object literal (quick pick and input box options,
 *   quick pick items, progress options); a string returned from an input box's `validateInput`;
 *   the label of `new vscode.TreeItem(...)` and assignments to a tree item's `tooltip` / `description`;
 *   the sentence of `new BrokerError(code, sentence)` in host code (it is what the user reads).
 * - webviews: text between tags in an html`` template, and the `title`, `placeholder`, `aria-label`,
 *   `label` attributes written literally in one.
 * A "literal" is a string or template literal with at least one run of three letters outside its
 * `${}` parts. `l10n.t(...)` calls are never flagged (their arguments are what the extractor reads).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly shape: string;
  readonly text: string;
}

const WORDS = /[A-Za-z]{3,}/;
const MESSAGE_CALLS = new Set([
  'showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage',
  // This code base's helpers that put their text arguments in front of the user.
  'reportError', 'reportInfo', 'userSentence', 'withCancellableProgress', 'promptInteger', 'confirmByTyping',
]);
/** Helpers whose title argument is shown (a capability name like 'partitions' beside it is not). */
const TITLE_CALLS = new Set(['resolveTarget', 'pickAdapter', 'pickDestination', 'pickGroup', 'loadChildren', 'folderItem', 'chooseConnection']);
const OPTION_PROPS = new Set(['title', 'placeHolder', 'prompt', 'label', 'description', 'detail', 'tooltip', 'validationMessage']);
const ASSIGN_PROPS = new Set(['tooltip', 'description']);
const HTML_ATTRS = /\s(title|placeholder|aria-label|label)="([^"$]*[A-Za-z]{3,}[^"$]*)"/g;

/** The literal text of a string or template literal (template parts replaced by {}), else undefined. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('{}');
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isConditionalExpression(node)) {
    const a = literalText(node.whenTrue);
    const b = literalText(node.whenFalse);
    return a !== undefined && WORDS.test(a) ? a : b ?? a;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return literalText(node.left) ?? literalText(node.right);
  // A fallback (`this.description ?? 'click to retry'`) is shown when the left side is absent.
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return literalText(node.right);
  return undefined;
}

function userFacing(node: ts.Node): string | undefined {
  const text = literalText(node);
  // A codicon like $(edit) is not text to translate.
  return text !== undefined && WORDS.test(text.replace(/\$\([\w~-]+\)/g, '')) ? text : undefined;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return '';
}

function isL10nCall(node: ts.Node): boolean {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't' && /l10n$/.test(node.expression.expression.getText());
}

/** Text nodes of an html`` template: the literal parts between `>` and `<`. */
function htmlTextNodes(tpl: ts.TemplateLiteral): string[] {
  const parts = ts.isNoSubstitutionTemplateLiteral(tpl) ? [tpl.text] : [tpl.head.text, ...tpl.templateSpans.map((s) => s.literal.text)];
  const found: string[] = [];
  const source = parts.join('\u0000');
  // Strip <style> blocks and HTML comments: CSS and notes are not shown as text.
  const body = source.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  for (const m of body.matchAll(/>([^<>]*)</g)) {
    const text = m[1]!.split('\u0000').join('').trim();
    if (WORDS.test(text) && !/^[\s&;#\w]*;$/.test(text)) found.push(text);
  }
  for (const m of body.matchAll(HTML_ATTRS)) found.push(`${m[1]}="${m[2]}"`);
  return found;
}

export function scanFile(file: string, kind: 'host' | 'webview'): Finding[] {
  return scanText(file, fs.readFileSync(file, 'utf8'), kind);
}

/** Scans one source text (named `file` in the findings). */
export function scanText(file: string, text: string, kind: 'host' | 'webview'): Finding[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const add = (node: ts.Node, shape: string, literal: string): void => {
    findings.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, shape, text: literal });
  };
  const visit = (node: ts.Node): void => {
    if (isL10nCall(node)) return;
    if (kind === 'host') {
      if (ts.isCallExpression(node) && MESSAGE_CALLS.has(calleeName(node))) {
        for (const arg of node.arguments) {
          const t = userFacing(arg);
          if (t !== undefined) add(arg, calleeName(node), t);
        }
      }
      if (ts.isCallExpression(node) && TITLE_CALLS.has(calleeName(node))) {
        for (const arg of node.arguments) {
          const t = userFacing(arg);
          if (t !== undefined && /^[A-Z]|\s/.test(t)) add(arg, calleeName(node), t);
        }
      }
      if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && OPTION_PROPS.has(node.name.text)) {
        const t = userFacing(node.initializer);
        if (t !== undefined) add(node.initializer, `${node.name.text}:`, t);
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && ASSIGN_PROPS.has(node.left.name.text)) {
        const t = userFacing(node.right);
        if (t !== undefined) add(node.right, `.${node.left.name.text} =`, t);
      }
      if (ts.isNewExpression(node) && calleeName(node) === 'TreeItem' && node.arguments?.[0]) {
        const t = userFacing(node.arguments[0]);
        if (t !== undefined) add(node.arguments[0], 'new TreeItem', t);
      }
      // A BrokerError's sentence is what the user is shown (services/notify.ts); a plain Error is a bug
      // whose text only reaches the log, the user seeing the generic sentence.
      if (ts.isNewExpression(node) && calleeName(node) === 'BrokerError' && node.arguments?.[1]) {
        const t = userFacing(node.arguments[1]);
        if (t !== undefined) add(node.arguments[1], 'new BrokerError', t);
      }
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'validateInput') {
        const scanReturns = (n: ts.Node): void => {
          if (ts.isReturnStatement(n) && n.expression) {
            const t = userFacing(n.expression);
            if (t !== undefined) add(n.expression, 'validateInput return', t);
          }
          if (ts.isArrowFunction(n) && n !== node.initializer) return;
          ts.forEachChild(n, scanReturns);
        };
        const fn = node.initializer;
        if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) {
          const t = userFacing(fn.body);
          if (t !== undefined) add(fn.body, 'validateInput return', t);
        } else ts.forEachChild(fn, scanReturns);
      }
    } else if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'html') {
      for (const t of htmlTextNodes(node.template)) add(node, 'html``', t);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

function walk(dir: string, skip: (p: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip(p)) continue;
    if (entry.isDirectory()) out.push(...walk(p, skip));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every finding in the host (src/extension without core/) and the webviews (src/webview). */
export function scanSources(root: string): Finding[] {
  const ext = path.join(root, 'src', 'extension');
  const core = path.join(ext, 'core');
  const host = walk(ext, (p) => p === core).map((f) => scanFile(f, 'host'));
  const web = walk(path.join(root, 'src', 'webview'), () => false).map((f) => scanFile(f, 'webview'));
  return [...host, ...web].flat().map((f) => ({ ...f, file: path.relative(root, f.file) }));
}
