// The package under hostile conditions: the Node token file (private,
// replaced atomically, symlinks never followed, the balena CLI's file still
// read), a 429 storm that ends, and a bound on response bodies.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { getSdk } = require('../../pkg/index.cjs');

const fresh = () => mkdtempSync(join(tmpdir(), 'balena-token-'));

/** A loopback server answering every request with `answer(req, res)`. */
async function serve(answer) {
  const server = createServer(answer);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

test('the token directory is created 0700 and the token file 0600', async () => {
  const directory = join(fresh(), 'nested', 'balena');
  const sdk = getSdk({ apiUrl: 'http://127.0.0.1:9/', dataDirectory: directory });
  await sdk.auth.loginWithToken('tok_abcdef');
  assert.equal(statSync(directory).mode & 0o777, 0o700);
  assert.equal(statSync(join(directory, 'token')).mode & 0o777, 0o600);
  assert.equal(readFileSync(join(directory, 'token'), 'utf8'), 'tok_abcdef');
});

test('a symlink at the token path is replaced, its target left unchanged', async () => {
  const directory = fresh();
  const target = join(fresh(), 'precious');
  writeFileSync(target, 'do not overwrite');
  symlinkSync(target, join(directory, 'token'));
  const sdk = getSdk({ apiUrl: 'http://127.0.0.1:9/', dataDirectory: directory });
  await sdk.auth.loginWithToken('tok_abcdef');
  assert.equal(readFileSync(target, 'utf8'), 'do not overwrite');
  assert.ok(lstatSync(join(directory, 'token')).isFile());
  assert.equal(readFileSync(join(directory, 'token'), 'utf8'), 'tok_abcdef');
});

test('a token file the balena CLI wrote is read', async () => {
  const directory = fresh();
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'token'), 'cli_written_token');
  const sdk = getSdk({ apiUrl: 'http://127.0.0.1:9/', dataDirectory: directory });
  assert.equal(await sdk.auth.getToken(), 'cli_written_token');
});

test('a concurrent reader never sees an empty or partial token during 250 logins', async () => {
  const directory = fresh();
  const sdk = getSdk({ apiUrl: 'http://127.0.0.1:9/', dataDirectory: directory });
  const tokens = ['a'.repeat(4000), 'b'.repeat(4000)];
  await sdk.auth.loginWithToken(tokens[0]);
  const reader = spawn(process.execPath, ['-e', `
    const fs = require('fs'); const file = ${JSON.stringify(join(directory, 'token'))};
    let bad = 0, reads = 0; const end = Date.now() + 60000;
    process.stdin.on('data', () => { console.log(JSON.stringify({ bad, reads })); process.exit(0); });
    (function loop() { for (let i = 0; i < 200; i++) { reads++; const t = fs.readFileSync(file, 'utf8');
      if (!/^(a{4000}|b{4000})$/.test(t)) bad++; } if (Date.now() < end) setImmediate(loop); })();
  `], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (let i = 0; i < 250; i++) await sdk.auth.loginWithToken(tokens[i % 2]);
  let output = '';
  reader.stdout.on('data', (chunk) => { output += chunk; });
  reader.stdin.write('stop\n');
  await new Promise((resolve) => reader.on('exit', resolve));
  const { bad, reads } = JSON.parse(output);
  assert.ok(reads > 0);
  assert.equal(bad, 0, `${bad} of ${reads} reads saw a partial token`);
});

test('a 429 storm with Retry-After: 0 ends in the 429 error after 10 retries', async () => {
  let requests = 0;
  const { url, close } = await serve((req, res) => {
    requests++;
    res.writeHead(429, { 'Retry-After': '0', 'Content-Type': 'text/plain' }).end('Too Many Requests');
  });
  try {
    const sdk = getSdk({ apiUrl: url, dataDirectory: false, retryRateLimitedRequests: true });
    await sdk.auth.loginWithToken('tok_abcdef');
    const started = Date.now();
    await assert.rejects(sdk.models.apiKey.getAll(), (error) => error.code === 'BalenaRequestError' && error.statusCode === 429);
    assert.equal(requests, 11);
    assert.ok(Date.now() - started < 60_000);
  } finally {
    await close();
  }
});

test('maxRateLimitRetries sets the cap', async () => {
  let requests = 0;
  const { url, close } = await serve((req, res) => {
    requests++;
    res.writeHead(429, { 'Retry-After': '0' }).end();
  });
  try {
    const sdk = getSdk({ apiUrl: url, dataDirectory: false, retryRateLimitedRequests: true, maxRateLimitRetries: 2 });
    await assert.rejects(sdk.models.apiKey.getAll(), (error) => error.statusCode === 429);
    assert.equal(requests, 3);
  } finally {
    await close();
  }
});

test('a body past maxResponseBytes is refused with BalenaResponseTooLarge, and the instance keeps working', async () => {
  const small = JSON.stringify({ d: [{ id: 1 }] });
  let big = true;
  const { url, close } = await serve((req, res) => {
    const body = big ? JSON.stringify({ d: [{ name: 'x'.repeat(5000) }] }) : small;
    // chunked, with no Content-Length: refused while it streams
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write(body.slice(0, 10));
    res.end(body.slice(10));
  });
  try {
    const sdk = getSdk({ apiUrl: url, dataDirectory: false, maxResponseBytes: 1000 });
    await assert.rejects(sdk.models.apiKey.getAll(), (error) => error.code === 'BalenaResponseTooLarge'
      && error.message === 'The response body is larger than maxResponseBytes (1000 bytes)');
    big = false;
    assert.deepEqual(await sdk.models.apiKey.getAll(), [{ id: 1 }]);
  } finally {
    await close();
  }
});

test('a declared Content-Length past maxResponseBytes is refused before the body is read', async () => {
  const { url, close } = await serve((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
    res.write('{"d":[');
    // never finishes: only the declared length can refuse it in time
  });
  try {
    const sdk = getSdk({ apiUrl: url, dataDirectory: false, maxResponseBytes: 1000, requestTimeout: 10_000 });
    await assert.rejects(sdk.models.apiKey.getAll(), (error) => error.code === 'BalenaResponseTooLarge');
  } finally {
    close();
  }
});
