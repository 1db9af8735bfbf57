// GET /tally.js: the bundled one-line script within its size bound, cacheable and revalidated by
// ETag, compressed when accepted; and its configuration from `data-` attributes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { SCRIPT_GZIP_LIMIT_BYTES } from '../../src/api/script-bundle.ts';
import { DEFAULT_FILE_EXTENSIONS, readScriptConfig } from '../../sdk/src/script-config.ts';
import { startTestTally } from '../helpers/tally.ts';

test('GET /tally.js serves the minified script within 6 kB gzip, with ETag revalidation', async (t) => {
  const tally = await startTestTally(t);
  const gz = await tally.app.inject({ method: 'GET', url: '/tally.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(gz.statusCode, 200);
  assert.equal(gz.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.vary, 'accept-encoding');
  assert.match(String(gz.headers['cache-control']), /public, max-age=3600/);
  assert.ok(gz.rawPayload.length <= SCRIPT_GZIP_LIMIT_BYTES, `${gz.rawPayload.length} bytes gzip, over ${SCRIPT_GZIP_LIMIT_BYTES}`);
  const code = gunzipSync(gz.rawPayload).toString('utf8');
  assert.match(code, /^\(\(\)=>\{/, 'one self-contained, minified function');
  assert.doesNotMatch(code, /\bimport\b|\bexport\b|file storage is not available in browsers"\)\}function \w+\(\w+\)\{let/);
  assert.ok(code.includes('page_view') && code.includes('/v1/batch'));

  const plain = await tally.app.inject({ method: 'GET', url: '/tally.js' });
  assert.equal(plain.statusCode, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body, code);

  const etag = String(gz.headers.etag);
  assert.match(etag, /^"[\w-]+"$/);
  const again = await tally.app.inject({ method: 'GET', url: '/tally.js', headers: { 'if-none-match': `W/${etag}` } });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  const other = await tally.app.inject({ method: 'GET', url: '/tally.js', headers: { 'if-none-match': '"stale"' } });
  assert.equal(other.statusCode, 200);
});

test('the script reads host, write key, app and opt-ins from its data- attributes', () => {
  const element = (attrs: Record<string, string>, src?: string) => ({
    src,
    getAttribute: (name: string) => attrs[name] ?? null,
    hasAttribute: (name: string) => name in attrs,
  });
  const page = 'https://shop.example.com/cart';
  assert.deepEqual(readScriptConfig(element({ 'data-write-key': 'wk_1', 'data-app': 'shop' }, 'https://tally.example.com/tally.js'), page), {
    host: 'https://tally.example.com', writeKey: 'wk_1', appId: 'shop', pageviews: true, hashRouting: false, outboundLinks: false, fileExtensions: [],
  });
  const all = readScriptConfig(element({ 'data-write-key': 'wk_1', 'data-app': 'shop', 'data-host': 'https://t.example.com/', 'data-auto-pageviews': 'false', 'data-hash': '', 'data-outbound-links': '', 'data-file-downloads': '.PDF, zip' }, '/tally.js'), page);
  assert.deepEqual(all, { host: 'https://t.example.com', writeKey: 'wk_1', appId: 'shop', pageviews: false, hashRouting: true, outboundLinks: true, fileExtensions: ['pdf', 'zip'] });
  const defaults = readScriptConfig(element({ 'data-write-key': 'wk_1', 'data-app': 'shop', 'data-file-downloads': '' }, '/t/tally.js'), page);
  assert.equal(typeof defaults === 'object' && defaults.host, 'https://shop.example.com', 'the script’s own origin when data-host is absent');
  assert.deepEqual(typeof defaults === 'object' && defaults.fileExtensions, DEFAULT_FILE_EXTENSIONS);
  assert.equal(readScriptConfig(element({ 'data-app': 'shop' }, '/tally.js'), page), 'data-write-key is missing');
  assert.equal(readScriptConfig(element({ 'data-write-key': 'wk_1' }, '/tally.js'), page), 'data-app is missing');
  assert.equal(readScriptConfig(element({ 'data-write-key': 'wk_1', 'data-app': 'shop' }), page), 'data-host is missing');
});
