// Record Messages… and Replay Recording… in the real extension host, through the real prompts
// (answered by script): a simulator topic recorded from the palette, a truncated recording refused
// with its line number before anything is sent, a replay into a queue that does not exist reported
// with exact counts, and a recording replayed into the simulator as a scenario workload.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForTab } from './hostApi.js';
import { withScriptedUi } from './scriptedUi.js';

const RECORD = 'brokerlens.recording.record';
const REPLAY = 'brokerlens.recording.replay';

describe('Record and replay', () => {
  // The simulator's demo topic holds 6 records unless another test published to it first.
  let recorded = 0;
  const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;

  it('records a simulator topic from the palette into .brokerlens/recordings', async () => {
    await vscode.extensions.getExtension('brokerlens.brokerlens')!.activate();
    const { result, messages } = await withScriptedUi(['Simulator', 'Kafka model', 'orders', 'host-orders', '1000', undefined],
      () => vscode.commands.executeCommand<vscode.Uri | undefined>(RECORD));
    assert.ok(result, messages.join('\n'));
    assert.equal(result.toString(), vscode.Uri.joinPath(folder(), '.brokerlens/recordings/host-orders.ndjson').toString());
    assert.equal(messages.length, 1, messages.join('\n'));
    const said = /^info: Recorded (\d+) messages of orders to \.brokerlens\/recordings\/host-orders\.ndjson \([\d.]+ KB\); it stopped because it reached the end of the destination\.$/.exec(messages[0]!);
    assert.ok(said, messages[0]);
    recorded = Number(said[1]);
    assert.ok(recorded >= 6, `the demo topic's records at least: ${recorded}`);
    const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(result)).trim().split('\n');
    assert.equal(lines.length, recorded + 1);
    assert.equal((JSON.parse(lines[0]!) as { source: { broker: string } }).source.broker, 'simulator-kafka');
  });

  it('refuses a truncated recording with its line number, and sends nothing', async () => {
    const uri = vscode.Uri.joinPath(folder(), '.brokerlens/recordings/cut.ndjson');
    const full = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), '.brokerlens/recordings/host-orders.ndjson')));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(full.split('\n').slice(0, 3).join('\n').slice(0, -10)));
    const { messages } = await withScriptedUi([], () => vscode.commands.executeCommand(REPLAY, uri));
    assert.deepEqual(messages, ['error: cut.ndjson cannot be replayed and nothing was sent. Line 3: the recording ends in the middle of a line (truncated); record it again or delete the last line.']);
  });

  it('reports exact counts when the destination does not exist', async () => {
    const uri = vscode.Uri.joinPath(folder(), '.brokerlens/recordings/host-orders.ndjson');
    const { result, messages } = await withScriptedUi([undefined],
      () => vscode.commands.executeCommand<{ accepted: number; rejected: number }>(REPLAY, uri, { connectionId: 'simulator', model: 'rabbitmq', destination: 'no.such.queue', ratePerSec: 0 }));
    assert.deepEqual([result.accepted, result.rejected], [0, recorded]);
    assert.ok((messages[0] ?? '').startsWith(`warning: Replayed host-orders.ndjson into no.such.queue (Simulator): 0 of ${recorded} messages accepted, ${recorded} refused. First reason: `), messages.join('\n'));
  });

  it('replays a recording into the simulator as a scenario workload', async () => {
    const uri = vscode.Uri.joinPath(folder(), '.brokerlens/recordings/host-orders.ndjson');
    const scenarioFile = vscode.Uri.joinPath(folder(), 'host-orders.scenario.json');
    const { messages } = await withScriptedUi(['Into the simulator', '10'], () => vscode.commands.executeCommand(REPLAY, uri, { scenarioFile: scenarioFile.fsPath }));
    assert.deepEqual(messages.filter((m) => m.startsWith('error')), []);
    const written = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(scenarioFile))) as { producers: { count: number; recording: unknown }[] };
    assert.deepEqual([written.producers[0]!.count, written.producers[0]!.recording], [recorded, { name: 'host-orders', timing: 'scaled', speed: 10 }]);
    const tab = await waitForTab('BrokerLens Simulator');
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    await vscode.window.tabGroups.close(tab);
  });
});
