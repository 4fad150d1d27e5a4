// Runs inside the real (code-server, remote) extension host with the real `vscode` API; the
// extension is loaded from source (extensionDevelopmentPath = repository root, main dist/extension.js).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'brokerlens.brokerlens';
const SIMULATOR_TITLE = 'BrokerLens Simulator';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` returns a value (not undefined); state such as tabs arrives asynchronously. */
async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

describe('BrokerLens in the real extension host', () => {
  it('is present and activates', async () => {
    const ext = extension();
    const api = await ext.activate();
    assert.equal(ext.isActive, true);
    // the extension may or may not export an API; when it does, it is an object (or function)
    if (api !== undefined) {
      assert.ok(api !== null && (typeof api === 'object' || typeof api === 'function'), `unexpected exported API: ${String(api)}`);
      assert.strictEqual(ext.exports, api);
    }
  });

  it('runs in the server-side extension host with the workspace folder open', () => {
    assert.equal(typeof process.versions.node, 'string');
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'one workspace folder is open');
  });

  it('registers every command contributed in package.json', async () => {
    const ext = extension();
    await ext.activate();
    const contributed = ((ext.packageJSON?.contributes?.commands ?? []) as Array<{ command: string }>).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes commands');
    for (const id of ['brokerlens.connection.add', 'brokerlens.explorer.refresh', 'brokerlens.simulator.open', 'brokerlens.log.show']) {
      assert.ok(contributed.includes(id), `package.json contributes ${id}`);
    }
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it(`brokerlens.simulator.open opens the "${SIMULATOR_TITLE}" webview`, async () => {
    await vscode.commands.executeCommand('brokerlens.simulator.open');
    // tab state reaches the extension host asynchronously: poll
    const tab = await waitFor(`a tab titled "${SIMULATOR_TITLE}"`, () => allTabs().find((t) => t.label === SIMULATOR_TITLE));
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the tab shows a webview');
    await vscode.window.tabGroups.close(tab);
    await waitFor('the simulator tab to close', () => (allTabs().some((t) => t.label === SIMULATOR_TITLE) ? undefined : true));
  });
});
