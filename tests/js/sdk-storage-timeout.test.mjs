// Token storage in Node (the `token` file of the data directory, as
// balena-sdk and the balena CLI keep it) compared with balena-sdk, and the
// request timeout: a server that never answers gives a clear error in time
// and the same instance keeps working.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { getSdk } from '../../pkg/index.mjs';

const require = createRequire(import.meta.url);
const reference = require('balena-sdk');
const folders = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function folder() {
  const path = mkdtempSync(join(tmpdir(), 'balena-token-'));
  folders.push(path);
  return path;
}

const sides = [
  ['balena-sdk', (dataDirectory) => reference.getSdk({ apiUrl: 'http://127.0.0.1:9/', isBrowser: false, dataDirectory })],
  ['balena-api-key-wasm', (dataDirectory) => getSdk({ apiUrl: 'http://127.0.0.1:9/', isBrowser: false, dataDirectory })],
];

async function tokenLife(make) {
  const directory = folder();
  const seen = {};
  await make(directory).auth.loginWithToken('tok_file');
  seen.file = readFileSync(join(directory, 'token'), 'utf8');
  seen.again = await make(directory).auth.getToken();
  await make(directory).auth.logout();
  seen.removed = !existsSync(join(directory, 'token'));
  writeFileSync(join(directory, 'token'), 'cli.written.token');
  seen.cli = await make(directory).auth.getToken();
  writeFileSync(join(directory, 'token'), '12345');
  seen.numeric = await make(directory).auth.getToken().then((v) => v, (e) => `${e.name}: ${e.message}`);
  seen.missing = await make(folder()).auth.getToken().then((v) => v, (e) => `${e.name}: ${e.message}`);
  return seen;
}

test('the token file of the data directory is written, read and removed as balena-sdk does', async () => {
  const [[, makeReference], [, makeOurs]] = sides;
  const expected = await tokenLife(makeReference);
  assert.deepEqual(await tokenLife(makeOurs), expected);
  assert.equal(expected.file, 'tok_file');
});

test('requestTimeout rejects a request that never gets an answer with code ETIMEDOUT, and the instance keeps working', async () => {
  const sockets = new Set();
  const server = createServer((request, response) => {
    if (request.url.startsWith('/v7/api_key?$orderby=name%20asc&$top=1')) {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"d":[{"id":1}]}');
    }
    // anything else: never answered
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const sdk = getSdk({ apiUrl: `http://127.0.0.1:${server.address().port}`, dataDirectory: false, requestTimeout: 300 });
    const started = Date.now();
    await assert.rejects(sdk.models.apiKey.getAll(), (error) => error instanceof Error && error.message === 'network timeout' && error.code === 'ETIMEDOUT');
    const waited = Date.now() - started;
    assert.ok(waited >= 290 && waited < 2000, `rejected after ${waited} ms`);
    assert.deepEqual(await sdk.models.apiKey.getAll({ $top: 1 }), [{ id: 1 }]);
  } finally {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => server.close(resolve));
  }
});
