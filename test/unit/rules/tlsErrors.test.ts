import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tlsProblemOf } from '../../../src/extension/core/rules/tlsErrors.js';
import { assertTypedName } from '../../../src/extension/core/rules/typedName.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';

describe('TLS verification failures', () => {
  it('names what to fix: the CA, the dates or the host name', () => {
    assert.equal(tlsProblemOf('SELF_SIGNED_CERT_IN_CHAIN'), 'untrusted');
    assert.equal(tlsProblemOf('CERT_REVOKED'), 'untrusted');
    assert.equal(tlsProblemOf('CERT_NOT_YET_VALID'), 'expired');
    assert.equal(tlsProblemOf('ERR_TLS_CERT_ALTNAME_INVALID'), 'hostname');
  });

  it('leaves network and protocol errors alone', () => {
    for (const code of ['ECONNREFUSED', 'EPROTO', 'ECONNRESET', undefined]) assert.equal(tlsProblemOf(code), undefined);
  });
});

describe('typed-name confirmation', () => {
  it('passes the exact name and refuses anything else in one sentence', () => {
    assert.doesNotThrow(() => assertTypedName('Deleting topic', 'orders', 'orders', 'topic name'));
    assert.throws(() => assertTypedName('Deleting topic', 'orders', 'Orders', 'topic name'), (e: unknown) => isBrokerError(e) && e.code === 'invalidInput'
      && e.message === 'Deleting topic "orders" failed: the typed name "Orders" does not match. Type the topic name exactly to confirm.');
  });
});
