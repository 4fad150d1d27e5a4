/**
 * The Kafka broker version BrokerLens writes into recordings and shows in the tree is inferred from
 * ApiVersions only as far as it can be: the 4.x protocol (KIP-896 removed Fetch v0-v3 and ListOffsets
 * v0 in Kafka 4.0), an older protocol, or unknown. The 4.x ranges are the shared test broker's (Kafka
 * 4.4.0, which still advertises Produce v0-13, so Produce is no marker); the real broker's own answer
 * is checked in test/integration/kafka/connection.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kafkaVersionFromApiVersions } from '../../../src/extension/core/adapters/kafka/brokerVersion.js';

describe('kafkaVersionFromApiVersions', () => {
  it('says 4.x protocol when Fetch starts at v4 and ListOffsets at v1, and names the ranges it used', () => {
    assert.equal(kafkaVersionFromApiVersions({ 0: { minVersion: 0, maxVersion: 13 }, 1: { minVersion: 4, maxVersion: 18 }, 2: { minVersion: 1, maxVersion: 11 } }),
      '4.x protocol (inferred from ApiVersions: Fetch v4-18, ListOffsets v1-11)');
  });

  it('says pre-4.0 protocol when Fetch v0 is still accepted', () => {
    assert.equal(kafkaVersionFromApiVersions({ 0: { minVersion: 0, maxVersion: 11 }, 1: { minVersion: 0, maxVersion: 17 }, 2: { minVersion: 0, maxVersion: 9 } }),
      'pre-4.0 protocol (inferred from ApiVersions: Fetch v0-17, ListOffsets v0-9)');
  });

  it('does not guess from ranges that fit neither', () => {
    assert.equal(kafkaVersionFromApiVersions({ 1: { minVersion: 4, maxVersion: 12 }, 2: { minVersion: 0, maxVersion: 7 } }), 'unknown (ApiVersions: Fetch v4-12, ListOffsets v0-7)');
  });

  it('is null without ApiVersions or without Fetch and ListOffsets', () => {
    assert.equal(kafkaVersionFromApiVersions(null), null);
    assert.equal(kafkaVersionFromApiVersions(undefined), null);
    assert.equal(kafkaVersionFromApiVersions({ 18: { minVersion: 0, maxVersion: 4 } }), null);
  });
});
