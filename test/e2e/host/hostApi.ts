// What the extension-host tests share: the activated extension's API, explorer rows found by their
// label, and waiting (bounded) for a condition or an editor tab.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BrokerLensApi } from '../../../src/extension/extension.js';
import type { ExplorerNode } from '../../../src/extension/tree/nodes/node.js';

/** The BrokerLens API, activating the extension if nothing has yet. */
export async function api(): Promise<BrokerLensApi> {
  const ext = vscode.extensions.getExtension<BrokerLensApi>('brokerlens.brokerlens');
  assert.ok(ext);
  return ext.activate();
}

/** A tree row's label as the user reads it. */
export async function label(node: ExplorerNode): Promise<string> {
  const item = await node.getTreeItem();
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** The child of `parent` (or a root) whose label is `name`, with its siblings listed in the error. */
export async function child(a: BrokerLensApi, parent: ExplorerNode | undefined, name: string): Promise<ExplorerNode> {
  const children = await a.explorer.getChildren(parent);
  const labels = await Promise.all(children.map(label));
  const i = labels.indexOf(name);
  assert.ok(i >= 0, `no "${name}" under ${parent ? await label(parent) : 'the root'}; found: ${labels.join(' | ')}`);
  return children[i]!;
}

/** The row at the end of a path of labels from the root. */
export async function childPath(a: BrokerLensApi, ...names: string[]): Promise<ExplorerNode> {
  let node: ExplorerNode | undefined;
  for (const name of names) node = await child(a, node, name);
  return node!;
}

/** Polls `probe` every 100 ms until it returns something other than undefined; fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The open editor tab titled `title`, in any group. */
export const findTab = (title: string): vscode.Tab | undefined =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === title);

/** Waits for the editor tab titled `title`. */
export const waitForTab = (title: string): Promise<vscode.Tab> => until(`the tab "${title}"`, () => findTab(title));
