import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublishDraftWire } from '../../../src/extension/protocol/publishPanel.js';
import { draftIsValid, initialState, problemsOf, type PublishViewState } from '../../../src/webview/publish/state.js';

const empty = { message: 'The payload is empty; JSON needs a value such as {} or "text".', field: 'payload' };
function withDraft(payload: string, problems = [empty]): PublishViewState {
  const draft = { broker: 'kafka', destination: 'orders', payload, payloadMode: 'json' } as unknown as PublishDraftWire;
  return { ...initialState, draft, revision: 1, preview: { problems, route: { kind: 'unknown', message: '' }, revision: 1 } } as unknown as PublishViewState;
}

describe('publish panel problems under the payload', () => {
  it('does not show "the payload is empty" on a form nobody sent yet, and keeps Send disabled', () => {
    const state = withDraft('');
    assert.deepEqual(problemsOf(state, 'payload'), []);
    assert.equal(draftIsValid(state), false);
  });

  it('shows the empty payload once a send was refused for it', () => {
    const state = { ...withDraft(''), result: { status: 'invalid', problems: [empty] } } as unknown as PublishViewState;
    assert.deepEqual(problemsOf(state, 'payload'), [empty.message]);
  });

  it('shows a JSON mistake in a typed payload at once', () => {
    const broken = { message: 'Line 1, column 2: expected a property name.', field: 'payload' };
    assert.deepEqual(problemsOf(withDraft('{', [broken]), 'payload'), [broken.message]);
  });
});
