/**
 * The client side of ListGroups v5 and ConsumerGroupDescribe (API key 69), encoded and decoded from
 * Apache Kafka's message specs: request bytes checked against the layout the spec defines, responses
 * read into BrokerLens's types, the negotiated version bounded by both sides.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_MESSAGES } from '../../../src/extension/core/adapters/kafka/generated/groupMessages.js';
import { decodeResponse, encodeRequest, negotiatedVersion, toConsumerProtocolGroup } from '../../../src/extension/core/adapters/kafka/groupProtocol.js';
import type { InternalBroker } from '../../../src/extension/core/adapters/kafka/internals.js';
import { WireWriter } from '../../../src/extension/core/wire/kafka/bytes.js';
import { encodeMessage, type MessageSpec } from '../../../src/extension/core/wire/kafka/schema.js';

const describeSpec = CLIENT_MESSAGES.ConsumerGroupDescribe as { request: MessageSpec; response: MessageSpec };
const listSpec = CLIENT_MESSAGES.ListGroups as { request: MessageSpec; response: MessageSpec };

const brokerWith = (versions: Record<number, { minVersion: number; maxVersion: number }>): InternalBroker => ({ versions }) as unknown as InternalBroker;

describe('Kafka group protocol codecs (from the message specs)', () => {
  it('encodes ConsumerGroupDescribe v1 as the flexible layout the spec defines', () => {
    const body = encodeRequest(describeSpec.request, 1, { groupIds: ['g1', 'grp'], includeAuthorizedOperations: false });
    // compact array (n+1 = 3), compact strings (len+1), bool, empty tagged fields
    assert.equal(body.toString('hex'), ['03', '03', Buffer.from('g1').toString('hex'), '04', Buffer.from('grp').toString('hex'), '00', '00'].join(''));
  });

  it('encodes ListGroups v5 with empty state and type filters, and v3 without them', () => {
    assert.equal(encodeRequest(listSpec.request, 5, { statesFilter: [], typesFilter: [] }).toString('hex'), '010100');
    assert.equal(encodeRequest(listSpec.request, 3, { statesFilter: [], typesFilter: [] }).toString('hex'), '00');
  });

  it('negotiates the highest version both the spec and the broker speak', () => {
    assert.equal(negotiatedVersion(brokerWith({ 69: { minVersion: 0, maxVersion: 0 } }), describeSpec.request), 0);
    assert.equal(negotiatedVersion(brokerWith({ 69: { minVersion: 0, maxVersion: 7 } }), describeSpec.request), 1);
    assert.equal(negotiatedVersion(brokerWith({}), describeSpec.request), undefined, 'a broker before Kafka 4 has no API 69');
    assert.equal(negotiatedVersion(brokerWith({ 16: { minVersion: 0, maxVersion: 4 } }), listSpec.request), 4);
  });

  it('reads a ConsumerGroupDescribe response: epochs, assignor, members with assignment and target', () => {
    const w = new WireWriter();
    const tp = (topicName: string, partitions: number[]) => ({ topicPartitions: [{ topicId: new Uint8Array(16), topicName, partitions }] });
    encodeMessage(describeSpec.response, 1, {
      throttleTimeMs: 0,
      groups: [
        {
          errorCode: 0,
          errorMessage: null,
          groupId: 'g',
          groupState: 'Reconciling',
          groupEpoch: 4,
          assignmentEpoch: 4,
          assignorName: 'uniform',
          members: [
            {
              memberId: 'm1',
              instanceId: null,
              rackId: null,
              memberEpoch: 3,
              clientId: 'c1',
              clientHost: '/127.0.0.1',
              subscribedTopicNames: ['t'],
              subscribedTopicRegex: null,
              assignment: tp('t', [2, 0, 1]),
              targetAssignment: tp('t', [0, 1]),
              memberType: 1,
            },
          ],
          authorizedOperations: -2147483648,
        },
      ],
    }, w);
    const decoded = decodeResponse(describeSpec.response, 1, w.finish());
    const group = toConsumerProtocolGroup((decoded.groups as Record<string, unknown>[])[0]!);
    assert.equal(group.state, 'Reconciling');
    assert.equal(group.groupEpoch, 4);
    assert.equal(group.assignorName, 'uniform');
    assert.equal(group.members.length, 1);
    const m = group.members[0]!;
    assert.deepEqual([m.memberId, m.clientId, m.clientHost, m.memberEpoch, m.memberType], ['m1', 'c1', '/127.0.0.1', 3, 1]);
    assert.deepEqual(m.assignment, [{ topic: 't', partitions: [0, 1, 2] }], 'partitions sorted');
    assert.deepEqual(m.targetAssignment, [{ topic: 't', partitions: [0, 1] }]);
  });

  it('rejects a truncated response instead of reading past its end', () => {
    const w = new WireWriter();
    encodeMessage(listSpec.response, 5, { throttleTimeMs: 0, errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' }] }, w);
    const full = w.finish();
    assert.deepEqual(decodeResponse(listSpec.response, 5, full).groups, [{ groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' }]);
    assert.throws(() => decodeResponse(listSpec.response, 5, full.subarray(0, full.length - 6)), /Frame ends early|claims/);
  });
});
