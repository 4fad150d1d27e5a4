import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowseInit, BrowseLoadParams, BrowseRow } from '../../../src/extension/protocol/browsePanel.js';
import { statusLine, tailStatusLine } from '../../../src/webview/browse/format.js';
import { filterFromForm, emptyFilter, parseTimestamp, startFromForm, defaultForm } from '../../../src/webview/browse/query.js';
import { initialState, keyTarget, planLoad, reduce, type BrowseAction, type BrowseViewState } from '../../../src/webview/browse/state.js';

const kafka: BrowseInit = {
  destination: 'orders', connectionName: 'Simulator', broker: 'kafka', destinationType: 'topic', simulated: true,
  access: { mode: 'read', notice: 'Reading does not consume: no consumer group, nothing committed.' }, liveTail: true,
  partitions: [0, 1, 2].map((partition) => ({ partition, logStart: 0, highWatermark: 10 })), restoring: false, tailing: false,
};
const queue: BrowseInit = {
  ...kafka, destination: 'email.confirmations', broker: 'rabbitmq', destinationType: 'classic', access: { mode: 'peek', warning: 'Peeking…' },
  liveTail: false, partitions: [],
};

function row(offset: number, partition = 0): BrowseRow {
  return { id: `${partition}:${offset}`, partition, offset, size: 10, keyKind: 'null', keyPreview: '', valueKind: 'text', valuePreview: `v${offset}`, valueSize: 2, headerCount: 0 };
}

const run = (actions: BrowseAction[], from: BrowseViewState = initialState): BrowseViewState => actions.reduce(reduce, from);
const next = { direction: 'forward' as const, positions: { '0': 5 } };
const previous = { direction: 'backward' as const, positions: { '0': 3 } };

function loaded(init = kafka, params?: BrowseLoadParams): BrowseViewState {
  const p = params ?? { start: { kind: 'latest' }, limit: 100, acceptRequeue: false };
  return run([
    { type: 'init', init },
    { type: 'loadStarted', token: 1, nav: 'fresh' },
    { type: 'loadFinished', token: 1, params: p, result: { status: 'page', page: { records: [row(3), row(4)], next, previous, scanned: 2, scanCapped: false, sideEffect: 'none' } } },
  ]);
}

describe('browse state: loads and paging cursors', () => {
  it('reads a topic at once from the newest records, with the partition the panel was opened on', () => {
    assert.deepEqual(planLoad(run([{ type: 'init', init: kafka }]), 'fresh'), { kind: 'send', params: { start: { kind: 'latest' }, limit: 100, acceptRequeue: false } });
    const onOne = run([{ type: 'init', init: { ...kafka, partition: 1 } }]);
    assert.deepEqual(planLoad(onOne, 'fresh'), { kind: 'send', params: { start: { kind: 'latest' }, partition: 1, limit: 100, acceptRequeue: false } });
    assert.deepEqual(planLoad(initialState, 'fresh'), { kind: 'none' }, 'nothing before init');
  });

  it('pages with the cursor of the page shown and its query, whatever the toolbar holds now', () => {
    const shownQuery: BrowseLoadParams = { start: { kind: 'earliest' }, partition: 0, limit: 50, filter: { kind: 'text', field: 'value', pattern: 'a', regex: false, caseSensitive: false }, acceptRequeue: false };
    let s = loaded(kafka, shownQuery);
    s = reduce(s, { type: 'formChanged', patch: { partition: 2, limit: 1000, filter: { ...emptyFilter, pattern: 'other' } } });
    assert.deepEqual(planLoad(s, 'newer'), { kind: 'send', params: { ...shownQuery, start: { kind: 'cursor', cursor: next } } });
    assert.deepEqual(planLoad(s, 'older'), { kind: 'send', params: { ...shownQuery, start: { kind: 'cursor', cursor: previous } } });
    const atEnd = run([{ type: 'loadStarted', token: 2, nav: 'newer' }, {
      type: 'loadFinished', token: 2, params: shownQuery, result: { status: 'page', page: { records: [row(5)], previous: next, scanned: 1, scanCapped: false, sideEffect: 'none' } },
    }], s);
    assert.deepEqual(planLoad(atEnd, 'newer'), { kind: 'none' }, 'no next cursor at the end');
    assert.deepEqual(atEnd.rows.map((r) => r.offset), [5], 'a page replaces the rows');
  });

  it('drops replies that a newer load or a cancel made stale', () => {
    const page = (o: number) => ({ status: 'page' as const, page: { records: [row(o)], scanned: 1, scanCapped: false, sideEffect: 'none' as const } });
    const p: BrowseLoadParams = { start: { kind: 'earliest' }, limit: 1, acceptRequeue: false };
    let s = run([{ type: 'init', init: kafka }, { type: 'loadStarted', token: 1, nav: 'fresh' }, { type: 'loadStarted', token: 2, nav: 'fresh' }]);
    s = reduce(s, { type: 'loadFinished', token: 1, params: p, result: page(1) });
    assert.equal(s.rows.length, 0);
    s = reduce(s, { type: 'loadFinished', token: 2, params: p, result: page(2) });
    assert.deepEqual(s.rows.map((r) => r.offset), [2]);
    s = run([{ type: 'loadStarted', token: 3, nav: 'fresh' }, { type: 'loadCancelled' }, { type: 'loadFinished', token: 3, params: p, result: page(3) }], s);
    assert.deepEqual(s.rows.map((r) => r.offset), [2], 'a cancelled load does not replace the page');
    assert.match(s.notice ?? '', /cancelled/);
    s = run([{ type: 'loadStarted', token: 4, nav: 'fresh' }, { type: 'loadFailed', token: 4, message: 'Browsing topic "orders" failed.' }], s);
    assert.equal(s.error, 'Browsing topic "orders" failed.');
    assert.equal(s.loading, undefined);
  });

  it('says what to fix when the start is not valid, and parses the start time', () => {
    assert.deepEqual(startFromForm({ ...defaultForm, startKind: 'offset', offset: '-3' }), { invalid: 'Type an offset: a whole number from 0.' });
    assert.deepEqual(startFromForm({ ...defaultForm, startKind: 'offset', offset: ' 42 ' }), { start: { kind: 'offset', offset: 42 } });
    assert.deepEqual(startFromForm({ ...defaultForm, startKind: 'timestamp', timestamp: '' }), { invalid: 'Pick the date and time to start from.' });
    assert.equal(parseTimestamp('2026-11-25T09:00:00Z'), Date.UTC(2026, 10, 25, 9));
    assert.equal(parseTimestamp('1790000000000'), 1_790_000_000_000);
    assert.equal(parseTimestamp('soon'), undefined);
    const s = run([{ type: 'init', init: kafka }, { type: 'formChanged', patch: { startKind: 'offset', offset: 'x' } }]);
    assert.deepEqual(planLoad(s, 'fresh'), { kind: 'invalid', message: 'Type an offset: a whole number from 0.' });
  });
});

describe('browse state: filter', () => {
  it('sends nothing for an empty bar, the text filter with its toggles, or the trimmed expression', () => {
    assert.equal(filterFromForm(emptyFilter), undefined);
    assert.deepEqual(filterFromForm({ ...emptyFilter, field: 'header', header: ' source ', pattern: 'shop', regex: true }), {
      kind: 'text', field: 'header', header: 'source', pattern: 'shop', regex: true, caseSensitive: false,
    });
    assert.deepEqual(filterFromForm({ ...emptyFilter, field: 'key', header: 'ignored', pattern: 'o-1', caseSensitive: true }), {
      kind: 'text', field: 'key', pattern: 'o-1', regex: false, caseSensitive: true,
    });
    assert.deepEqual(filterFromForm({ ...emptyFilter, mode: 'expression', expression: '  value.total > 5 ' }), { kind: 'expression', expression: 'value.total > 5' });
    assert.equal(filterFromForm({ ...emptyFilter, mode: 'expression', expression: '   ' }), undefined);
  });

  it('shows a filter error inline, keeps the page, and clears the error when the filter is edited', () => {
    let s = loaded();
    s = run([{ type: 'loadStarted', token: 2, nav: 'fresh' }, { type: 'loadFinished', token: 2, params: { start: { kind: 'latest' }, limit: 100, acceptRequeue: false }, result: { status: 'filterError', message: 'Bad regex.' } }], s);
    assert.equal(s.filterError, 'Bad regex.');
    assert.equal(s.rows.length, 2);
    assert.equal(s.loading, undefined);
    s = reduce(s, { type: 'formChanged', patch: { limit: 10 } });
    assert.equal(s.filterError, 'Bad regex.', 'other fields keep it');
    s = reduce(s, { type: 'formChanged', patch: { filter: { ...emptyFilter, pattern: 'x' } } });
    assert.equal(s.filterError, undefined);
  });
});

describe('browse state: live tail buffer', () => {
  it('appends while tailing, keeps only the newest rowLimit rows, and moves the selection with them', () => {
    let s: BrowseViewState = { ...loaded(), rowLimit: 5 };
    s = reduce(s, { type: 'tailRecords', records: [row(9)] });
    assert.equal(s.rows.length, 2, 'ignored while the tail is off');
    s = run([{ type: 'tailRequested' }, { type: 'tailStarted' }, { type: 'select', index: 1 }], s);
    s = reduce(s, { type: 'tailRecords', records: [row(5), row(6)] });
    assert.deepEqual(s.rows.map((r) => r.offset), [3, 4, 5, 6]);
    s = reduce(s, { type: 'tailRecords', records: [row(7), row(8)] });
    assert.deepEqual(s.rows.map((r) => r.offset), [4, 5, 6, 7, 8]);
    assert.equal(s.dropped, 1);
    assert.equal(s.tailed, 4);
    assert.equal(s.selected, 0, 'the selected row (offset 4) moved up by one');
    assert.equal(s.rows[s.selected]?.offset, 4);
    assert.deepEqual(s.range, { min: 4, max: 8, partitions: 1 });
    s = reduce(s, { type: 'tailRecords', records: [row(9)] });
    assert.equal(s.selected, -1, 'the selected row was dropped');
    assert.equal(s.detail, undefined);
    assert.equal(statusLine(s), 'Showing 5 records · scanned 2 · offsets 5…9 · 5 live · oldest 2 dropped (keeps 5)');
  });

  it('stops on a tail error and says why', () => {
    let s = run([{ type: 'tailRequested' }, { type: 'tailStarted' }], loaded());
    assert.equal(s.tail, 'on');
    s = reduce(s, { type: 'hostError', source: 'tail', message: 'Live tail of orders stopped.' });
    assert.equal(s.tail, 'off');
    assert.equal(s.error, 'Live tail of orders stopped.');
  });

  it('shows the tail waiting for partitions and resuming, clears it when the tail stops or fails, and keeps it over a reload', () => {
    const message = 'Reading partition 0 of topic "orders" failed: its leader closed the connection; nothing to do, the tail reads on as soon as a leader answers.';
    const waiting = { kind: 'waiting' as const, partitions: [{ partition: 0, offset: 1234 }], message };
    let s = reduce(loaded(), { type: 'tailStatus', status: waiting });
    assert.equal(s.tailStatus, undefined, 'ignored while the tail is off');
    s = run([{ type: 'tailRequested' }, { type: 'tailStarted' }, { type: 'tailStatus', status: waiting }], s);
    assert.deepEqual(s.tailStatus, waiting);
    assert.equal(tailStatusLine(waiting), `Live tail is waiting for partition 0 (from offset 1,234): ${message}`);
    const two = { ...waiting, partitions: [{ partition: 0, offset: 1234 }, { partition: 2, offset: 5 }] };
    assert.equal(tailStatusLine(two), `Live tail is waiting for partitions 0, 2: ${message}`);
    const resumed = { kind: 'resumed' as const, partitions: [{ partition: 0, offset: 1234 }] };
    s = reduce(s, { type: 'tailStatus', status: resumed });
    assert.equal(tailStatusLine(s.tailStatus!), 'Live tail resumed on partition 0 from offset 1,234: nothing was missed.');
    assert.equal(tailStatusLine({ kind: 'resumed', partitions: two.partitions }), 'Live tail resumed on partitions 0, 2: nothing was missed.');
    assert.equal(reduce(s, { type: 'tailStopped' }).tailStatus, undefined);
    const failed = reduce(reduce(s, { type: 'tailStatus', status: waiting }), { type: 'hostError', source: 'tail', message: 'Live tail of orders failed: the topic was deleted.' });
    assert.equal(failed.tailStatus, undefined, 'the error replaces the waiting line');
    assert.equal(failed.tail, 'off');
    assert.equal(failed.error, 'Live tail of orders failed: the topic was deleted.');
    // A reloaded webview: init says the tail runs and is waiting.
    const reloaded = reduce(initialState, { type: 'init', init: { ...kafka, tailing: true, tailStatus: waiting } });
    assert.equal(reloaded.tail, 'on');
    assert.deepEqual(reloaded.tailStatus, waiting);
    assert.equal(reduce(initialState, { type: 'init', init: { ...kafka, tailing: false, tailStatus: waiting } }).tailStatus, undefined);
  });
});

describe('browse state: peek consent', () => {
  it('asks before the first read of a classic queue, reads nothing on Cancel, and sends acceptRequeue only after consent', () => {
    let s = run([{ type: 'init', init: queue }]);
    assert.equal(s.consent, 'pending');
    assert.equal(s.form.startKind, 'earliest', 'a queue is read from its head');
    assert.deepEqual(planLoad(s, 'fresh'), { kind: 'needsConsent' });
    s = reduce(s, { type: 'consentDeclined' });
    assert.equal(s.consent, 'declined');
    assert.deepEqual(planLoad(s, 'fresh'), { kind: 'needsConsent' });
    s = reduce(s, { type: 'consentAsked' });
    assert.equal(s.consent, 'pending');
    s = reduce(s, { type: 'consentGranted' });
    assert.deepEqual(planLoad(s, 'fresh'), { kind: 'send', params: { start: { kind: 'earliest' }, limit: 100, acceptRequeue: true } });
    s = reduce(s, { type: 'init', init: queue });
    assert.equal(s.consent, 'granted', 'a webview reload does not ask again within the same panel');
    assert.equal(reduce(s, { type: 'consentAsked' }).consent, 'granted');
  });

  it('never needs consent for a topic or a stream', () => {
    const stream = run([{ type: 'init', init: { ...queue, destinationType: 'stream', access: { mode: 'read', notice: 'Read by offset.' } } }]);
    assert.equal(stream.consent, 'notNeeded');
    assert.deepEqual(planLoad(stream, 'fresh'), { kind: 'send', params: { start: { kind: 'latest' }, limit: 100, acceptRequeue: false } });
  });

  it('restores a page the host re-sends, with the consent it was read under', () => {
    const s = run([{ type: 'init', init: { ...queue, restoring: true } }, {
      type: 'pageRestored',
      query: { start: { kind: 'earliest' }, limit: 10, acceptRequeue: true, filter: { kind: 'expression', expression: 'true' } },
      page: { records: [row(0)], scanned: 1, scanCapped: false, sideEffect: 'requeued' },
    }]);
    assert.equal(s.consent, 'granted');
    assert.equal(s.form.limit, 10);
    assert.equal(s.form.filter.mode, 'expression');
    assert.equal(s.rows.length, 1);
    assert.match(statusLine(s), /peeked and requeued/);
  });
});

describe('browse state: selection and detail', () => {
  it('selects rows, asks for the detail once, ignores stale details, and closes on select(-1)', () => {
    let s = reduce(loaded(), { type: 'select', index: 7 });
    assert.equal(s.selected, 1, 'clamped to the last row');
    assert.deepEqual(s.detail, { id: '0:4', status: 'loading' });
    s = reduce(s, { type: 'detailReceived', detail: { id: '0:3', key: null, value: null, headers: [], properties: [] } });
    assert.equal(s.detail?.status, 'loading', 'a detail for another row is ignored');
    s = reduce(s, { type: 'detailReceived', detail: { id: '0:4', key: null, value: null, headers: [], properties: [] } });
    assert.equal(s.detail?.status, 'ready');
    assert.equal(reduce(s, { type: 'select', index: 1 }), s, 'selecting the same row changes nothing');
    s = reduce(s, { type: 'select', index: -1 });
    assert.equal(s.selected, -1);
    assert.equal(s.detail, undefined);
  });

  it('moves with arrows, Home, End and pages', () => {
    assert.equal(keyTarget('ArrowDown', -1, 10, 5), 0);
    assert.equal(keyTarget('ArrowDown', 9, 10, 5), 9);
    assert.equal(keyTarget('ArrowUp', 0, 10, 5), 0);
    assert.equal(keyTarget('End', 2, 10, 5), 9);
    assert.equal(keyTarget('Home', 8, 10, 5), 0);
    assert.equal(keyTarget('PageDown', 2, 10, 5), 7);
    assert.equal(keyTarget('PageUp', 2, 10, 5), 0);
    assert.equal(keyTarget('a', 2, 10, 5), undefined);
    assert.equal(keyTarget('Escape', 2, 10, 5), -1);
    assert.equal(keyTarget('Escape', -1, 10, 5), undefined);
    assert.equal(keyTarget('ArrowDown', -1, 0, 5), undefined);
  });

  it('writes the status line with counts, offsets and partitions', () => {
    const s = run([{ type: 'init', init: kafka }, { type: 'loadStarted', token: 1, nav: 'fresh' }, {
      type: 'loadFinished', token: 1, params: { start: { kind: 'latest' }, limit: 100, acceptRequeue: false },
      result: { status: 'page', page: { records: [row(3, 0), row(12, 1), row(7, 2)], scanned: 30, scanCapped: true, sideEffect: 'none' } },
    }]);
    assert.equal(statusLine(s), 'Showing 3 records · scanned 30 · offsets 3…12 in 3 partitions');
  });
});
