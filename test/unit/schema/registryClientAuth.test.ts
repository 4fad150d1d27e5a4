/**
 * Registry authentication, which the test registry (Apicurio 2.x: OIDC only) cannot exercise: a small
 * local HTTP server that answers as a Confluent registry does (401 with error_code 40101, 403 with
 * 40301) checks the headers the client sends and that no secret reaches an error sentence or detail.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SchemaRegistryClient } from '../../../src/extension/core/schema/registryClient.js';

describe('schema registry client authentication (local server)', () => {
  let server: http.Server;
  let url: string;
  const seen: (string | undefined)[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.setHeader('content-type', 'application/vnd.schemaregistry.v1+json');
      const auth = req.headers.authorization;
      if (auth === `Basic ${Buffer.from('alice:s3cret-pass').toString('base64')}` || auth === 'Bearer tok-123') {
        res.end(JSON.stringify(['orders-value']));
      } else if (auth === 'Bearer read-only') {
        res.statusCode = 403;
        res.end(JSON.stringify({ error_code: 40301, message: 'User cannot access the resource.' }));
      } else {
        res.statusCode = 401;
        res.end(JSON.stringify({ error_code: 40101, message: 'Unauthorized' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('sends basic and bearer credentials as the Authorization header', async () => {
    const basic = new SchemaRegistryClient({ url, auth: { kind: 'basic', username: 'alice', password: 's3cret-pass' } });
    assert.deepEqual(await basic.listSubjects(), ['orders-value']);
    const bearer = new SchemaRegistryClient({ url, auth: { kind: 'bearer', token: 'tok-123' } });
    assert.deepEqual(await bearer.listSubjects(), ['orders-value']);
    basic.dispose();
    bearer.dispose();
  });

  it('says bad credentials and denied access in one sentence, with no secret in it or in the detail', async () => {
    const wrong = new SchemaRegistryClient({ url, auth: { kind: 'basic', username: 'alice', password: 'wrong-pass' } });
    await assert.rejects(wrong.listSubjects(), (e: Error & { code?: string; detail?: string }) => {
      assert.equal(e.code, 'authFailed');
      assert.match(e.message, /^Listing schema registry subjects failed: the schema registry at http:\/\/127\.0\.0\.1:\d+ refused the credentials \(HTTP 401\)\. Check the registry user name and password or token\.$/);
      assert.doesNotMatch(`${e.message} ${e.detail}`, /wrong-pass|d3JvbmctcGFzcw/);
      return true;
    });
    const denied = new SchemaRegistryClient({ url, auth: { kind: 'bearer', token: 'read-only' } });
    await assert.rejects(denied.listSubjects(), (e: Error & { code?: string; detail?: string }) => e.code === 'accessRefused' && /HTTP 403/.test(e.message) && !`${e.message}${e.detail}`.includes('read-only'));
    const none = new SchemaRegistryClient({ url });
    await assert.rejects(none.listSubjects(), (e: Error & { code?: string }) => e.code === 'authFailed');
    assert.equal(seen.at(-1), undefined, 'no header without credentials');
    wrong.dispose();
    denied.dispose();
    none.dispose();
  });
});
