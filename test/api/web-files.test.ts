// The dashboard's files at / (src/api/web-files.ts): index.html revalidated, hashed assets
// immutable, the content security policy on every file, gzip when asked, the single-page-app
// fallback only for pages a browser asks for, nothing outside the directory, and the API's own
// paths (and their JSON 404s) exactly as without the dashboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startTestTally, tempDir } from '../helpers/tally.ts';
import Fastify from 'fastify';
import { CONTENT_SECURITY_POLICY, createWebFiles } from '../../src/api/web-files.ts';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

function dist(t: { after(fn: () => void): void }): string {
  const dir = tempDir('tally-web-dist-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  writeFileSync(path.join(dir, 'assets/index-abc123.js'), SCRIPT);
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(path.dirname(dir), 'secret.txt'), 'outside');
  return dir;
}

async function server(dir: string) {
  const app = Fastify();
  const web = createWebFiles(dir);
  app.get('/v1/thing', async () => ({ ok: true }));
  app.setNotFoundHandler(async (req, reply) => {
    if (await web.serve(req, reply)) return reply;
    return reply.code(404).send({ error: { code: 'TALLY_ERR_NOT_FOUND', message: 'not found' } });
  });
  return app;
}

test('index.html, assets and the fallback carry the right cache headers and the content security policy', async (t) => {
  const app = await server(dist(t));
  const index = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
  assert.equal(index.statusCode, 200);
  assert.equal(index.body, INDEX);
  assert.equal(index.headers['cache-control'], 'no-cache');
  assert.equal(index.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  assert.match(String(index.headers['content-type']), /^text\/html/);

  const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(asset.statusCode, 200);
  assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(asset.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(asset.rawPayload).toString(), SCRIPT);
  assert.match(String(asset.headers['content-type']), /^text\/javascript/);
  const plain = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body, SCRIPT);

  for (const page of ['/insights/trends', '/dashboards/weekly', '/data/keys?x=1']) {
    const res = await app.inject({ method: 'GET', url: page, headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(res.statusCode, 200, page);
    assert.equal(res.body, INDEX, page);
    assert.equal(res.headers['cache-control'], 'no-cache');
  }
  const head = await app.inject({ method: 'HEAD', url: '/', headers: { accept: 'text/html' } });
  assert.equal(head.statusCode, 200);
});

test('no fallback for missing assets, non-HTML requests, other methods, the API paths or paths outside the directory', async (t) => {
  const app = await server(dist(t));
  const notFound: Array<[string, string, Record<string, string>]> = [
    ['GET', '/assets/missing-123.js', { accept: 'text/html' }],
    ['GET', '/missing.png', { accept: 'text/html' }],
    ['GET', '/insights/trends', { accept: 'application/json' }],
    ['POST', '/insights/trends', { accept: 'text/html' }],
    ['GET', '/v1/unknown', { accept: 'text/html' }],
    ['GET', '/docs/nothing', { accept: 'text/html' }],
    ['GET', '/metrics', { accept: 'text/html' }],
    ['GET', '/../secret.txt', { accept: 'text/html' }],
    ['GET', '/%2e%2e/secret.txt', { accept: 'text/plain' }],
    ['GET', '/assets/..%2f..%2fsecret.txt', {}],
  ];
  for (const [method, url, headers] of notFound) {
    const res = await app.inject({ method: method as 'GET', url, headers });
    assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body.slice(0, 80)}`);
    assert.equal(res.json().error.code, 'TALLY_ERR_NOT_FOUND', `${method} ${url}`);
  }
  assert.deepEqual((await app.inject({ method: 'GET', url: '/v1/thing', headers: { accept: 'text/html' } })).json(), { ok: true });
});

test('without a build, / is the API 404 as before; the real app keeps its API answers', async (t) => {
  const missing = await server(path.join(tempDir('tally-no-dist-'), 'dist'));
  assert.equal((await missing.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } })).statusCode, 404);
  const tally = await startTestTally(t);
  const unknown = await tally.app.inject({ method: 'GET', url: '/v1/nothing-here', headers: { accept: 'text/html' } });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().error.code, 'TALLY_ERR_NOT_FOUND');
  assert.equal((await tally.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  assert.equal((await tally.app.inject({ method: 'DELETE', url: '/insights/trends', headers: { accept: 'text/html' } })).statusCode, 404);
});
