// examples/expiring-keys.mjs (and examples/lifecycle.mjs) run as child
// processes against the API emulator, through a recording proxy that can
// fail the DELETE of chosen keys: which keys are listed, revoked or left,
// what goes over the wire (a dry run sends no DELETE, the expiry filter is
// server-side), progress and summary output, exit codes and messages for a
// bad token and bad flags.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getSdk } from '../../pkg/index.mjs';
import { startEmulator } from './helpers/emulator.mjs';

const SCRIPT = fileURLToPath(new URL('../../examples/expiring-keys.mjs', import.meta.url));
const LIFECYCLE = fileURLToPath(new URL('../../examples/lifecycle.mjs', import.meta.url));
const RUN_TIMEOUT_MS = 15_000;
const SUITE_TIMEOUT_MS = 30_000;
const DAY_MS = 86_400_000;

// A loopback proxy to `target` that records each request's method and path,
// awaits `proxy.onDelete(id)` (when set) on each DELETE before forwarding it,
// and answers 500 to the DELETE of any key id in `failing`.
async function startProxy(target) {
  const requests = [];
  const failing = new Set();
  const proxy = { requests, failing, onDelete: undefined };
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const path = decodeURIComponent(req.url);
    requests.push({ method: req.method, path });
    const id = Number(/^\/v7\/api_key\((\d+)\)$/.exec(path)?.[1]);
    if (req.method === 'DELETE') await proxy.onDelete?.(id);
    if (req.method === 'DELETE' && failing.has(id)) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('injected failure');
      return;
    }
    const headers = {};
    for (const name of ['authorization', 'content-type']) if (req.headers[name]) headers[name] = req.headers[name];
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const upstream = await fetch(target + req.url, { method: req.method, headers, body });
    const answer = Buffer.from(await upstream.arrayBuffer());
    res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? 'text/plain' }).end(answer);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  proxy.close = () => new Promise((resolve) => server.close(resolve));
  return proxy;
}

// Runs `node <script> ...args` (or `program ...args`) with an environment
// free of BALENA_* (plus `env`); resolves `{ code, stdout, stderr }`. The
// promise's `child` is the process.
function run(args, { env = {}, script = SCRIPT, program } = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BALENA_')));
  const [file, ...first] = program ? [program] : [process.execPath, script];
  const child = spawn(file, [...first, ...args], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const result = new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr });
    });
  });
  return Object.assign(result, { child });
}

// The key ids in the script's table (rows start with two spaces and the id).
const listedIds = (stdout) => [...stdout.matchAll(/^ {2}(\d+) {2}/gm)].map((match) => Number(match[1])).sort((a, b) => a - b);

const sorted = (ids) => [...ids].sort((a, b) => a - b);

describe('examples/expiring-keys.mjs', { timeout: SUITE_TIMEOUT_MS }, () => {
  let emulator;
  let proxy;
  let balena;
  const ids = {};
  // Every request the proxy sees during `action`.
  const wire = async (action) => {
    const start = proxy.requests.length;
    const result = await action();
    return { result, requests: proxy.requests.slice(start) };
  };
  const flags = (...more) => ['--api-url', proxy.url, '--token', emulator.token, ...more];
  const remainingIds = async () => (await balena.models.apiKey.getAllNamedUserApiKeys({ $select: ['id'] })).map((key) => key.id);

  before(async () => {
    emulator = await startEmulator();
    proxy = await startProxy(emulator.url);
    balena = getSdk({ apiUrl: emulator.url, dataDirectory: false });
    await balena.auth.loginWithToken(emulator.token);
    const now = Date.now();
    // The seed's own expired and expiring keys (there for the demo) go first,
    // so that the script sees only the keys made here in any window used below.
    const seeded = await balena.models.apiKey.getAllNamedUserApiKeys({ $select: ['id', 'expiry_date'] });
    for (const { id, expiry_date: expiry } of seeded) {
      if (expiry !== null && Date.parse(expiry) <= now + 40 * DAY_MS) await balena.models.apiKey.revoke(id);
    }
    const expiries = { expired: -2 * DAY_MS, soon: 2 * DAY_MS, edge: 6.5 * DAY_MS, later: 30 * DAY_MS, never: null };
    for (const [name, offset] of Object.entries(expiries)) {
      const expiryDate = offset === null ? null : new Date(now + offset).toISOString();
      await balena.models.apiKey.create({ name: `x-${name}`, expiryDate, description: `expiry ${name}` });
      const [{ id }] = await balena.models.apiKey.getAllNamedUserApiKeys({ $filter: { name: `x-${name}` }, $select: ['id'] });
      ids[name] = id;
    }
  });

  after(async () => {
    await proxy?.close();
    await emulator?.stop();
  });

  test('--help prints the usage on stdout and exits 0', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Usage: node examples\/expiring-keys\.mjs/);
    for (const flag of ['--api-url', '--token', '--days', '--revoke', '--dry-run']) assert.ok(stdout.includes(flag), flag);
  });

  test('bad flags print what is wrong and the usage on stderr, exit 2 and send nothing', async () => {
    const cases = [
      [flags('--bogus'), /Unknown option '--bogus'/],
      [flags('--days', 'soon'), /--days takes a number of days >= 0, not 'soon'/],
      [flags('--days', '-3'), /--days/],
      [flags('--days'), /--days/],
      [flags('extra'), /extra/],
      [['--token', 'x'], /no API URL: pass --api-url URL or set BALENA_API_URL/],
      [['--api-url', proxy.url], /no token: pass --token TOKEN or set BALENA_TOKEN/],
      [['--api-url', 'ftp://example.com', '--token', 'x'], /must be an http\(s\) URL/],
    ];
    const { requests } = await wire(async () => {
      for (const [args, message] of cases) {
        const { code, stdout, stderr } = await run(args);
        assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
        assert.match(stderr, message);
        assert.match(stderr, /\n\nUsage: /);
        assert.equal(stdout, '');
      }
    });
    assert.deepEqual(requests, []);
  });

  test('a bad token exits 1 with the error message and code, nothing revoked', async () => {
    const { result, requests } = await wire(() => run(['--api-url', proxy.url, '--token', 'not-a-token', '--revoke']));
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^error: You have to log in \(BalenaNotLoggedIn\) - the API did not accept the token/);
    assert.equal(result.stdout, '');
    assert.deepEqual(requests.filter((request) => request.method !== 'GET'), []);
  });

  test('a token that may not read API keys exits 1 with the BalenaRequestError message, code and status', async () => {
    const [app] = await balena.pine.get({ resource: 'application', options: { $select: ['id'], $top: 1 } });
    const created = await emulator.api(`/api-key/application/${app.id}/provisioning`, { method: 'POST', body: {} });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const { code, stderr } = await run(['--api-url', proxy.url, '--token', created.body]);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /^error: Request error: .* \(BalenaRequestError, HTTP 401\)\n$/);
  });

  test('an unreachable API exits 1 and says why', async () => {
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const { code, stderr } = await run(['--api-url', `http://127.0.0.1:${port}`, '--token', 'x']);
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`^error: cannot reach the API \\(fetch failed: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)\n$`));
  });

  test('lists the keys expiring within 7 days, expired ones marked, filtered on the server', async () => {
    const { result, requests } = await wire(() => run(flags()));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(listedIds(result.stdout), sorted([ids.expired, ids.soon, ids.edge]));
    assert.match(result.stdout, /^ {2}\d+ +x-expired +\S+ \S+ UTC +EXPIRED 2 days ago +expiry expired$/m);
    assert.match(result.stdout, /x-soon .* expires in (47|48) hours/);
    assert.match(result.stdout, /3 keys: 1 expired, 2 expiring\./);
    assert.match(result.stdout, /Run again with --revoke/);
    const [get] = requests.filter((request) => request.path.startsWith('/v7/api_key?'));
    assert.match(get.path, /\$filter=.*expiry_date ne null and expiry_date le '\d{4}-\d\d-\d\dT[\d:.]+Z'/);
    assert.deepEqual(requests.filter((request) => request.method !== 'GET'), []);
  });

  test('--days widens or narrows the window; other actors\' keys and keys without expiry never show', async () => {
    const wide = await run(flags('--days', '40'));
    assert.equal(wide.code, 0, wide.stderr);
    // The seeded provisioning key that expires in 30 days is not a named user key.
    assert.deepEqual(listedIds(wide.stdout), sorted([ids.expired, ids.soon, ids.edge, ids.later]));
    const expiredOnly = await run(flags('--days', '0'));
    assert.equal(expiredOnly.code, 0, expiredOnly.stderr);
    assert.deepEqual(listedIds(expiredOnly.stdout), [ids.expired]);
  });

  test('--dry-run lists exactly what --revoke would revoke and sends no DELETE', async () => {
    const before = await remainingIds();
    const { result, requests } = await wire(() => run(flags('--revoke', '--dry-run')));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(listedIds(result.stdout), sorted([ids.expired, ids.soon, ids.edge]));
    assert.match(result.stdout, /Dry run: --revoke would revoke 3 keys \(ids [\d, ]+\)\. Nothing was revoked\./);
    assert.deepEqual(requests.map((request) => request.method).filter((method) => method !== 'GET'), []);
    assert.deepEqual(sorted(await remainingIds()), sorted(before));
  });

  test('--revoke revokes exactly the listed keys; one failure does not stop the others and exits 1', async () => {
    proxy.failing.add(ids.soon);
    const { result, requests } = await wire(() => run(flags('--revoke')));
    proxy.failing.clear();
    assert.equal(result.code, 1, result.stderr);
    const deletes = requests.filter((request) => request.method === 'DELETE').map((request) => request.path);
    assert.deepEqual(deletes.sort(), [ids.expired, ids.soon, ids.edge].map((id) => `/v7/api_key(${id})`).sort());
    // A plain progress line per key on a non-terminal stderr.
    assert.match(result.stderr, new RegExp(`^\\[1/3\\] revoked ${ids.expired} 'x-expired'$`, 'm'));
    assert.match(result.stderr, new RegExp(`^\\[2/3\\] FAILED to revoke ${ids.soon} 'x-soon': Request error: injected failure \\(BalenaRequestError, HTTP 500\\)$`, 'm'));
    assert.match(result.stderr, new RegExp(`^\\[3/3\\] revoked ${ids.edge} 'x-edge'$`, 'm'));
    assert.match(result.stdout, /Revoked 2 of 3 keys\.\n1 key could not be revoked:\n {2}\d+ 'x-soon': Request error: injected failure/);
    const left = await remainingIds();
    assert.ok(left.includes(ids.soon) && left.includes(ids.later) && left.includes(ids.never));
    assert.ok(!left.includes(ids.expired) && !left.includes(ids.edge));
  });

  test('a second --revoke, with the token from the environment, revokes what is left and then finds nothing', async () => {
    const env = { BALENA_API_URL: proxy.url, BALENA_TOKEN: emulator.token };
    const first = await run(['--revoke'], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(listedIds(first.stdout), [ids.soon]);
    assert.match(first.stdout, /Revoked 1 of 1 key\.\n$/);
    const second = await run(['--revoke'], { env });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /expired ones included:\n\n {2}none\n$/);
    assert.equal(second.stderr, '');
    const left = await remainingIds();
    assert.ok(left.includes(ids.later) && left.includes(ids.never) && !left.includes(ids.soon));
  });

  test('on a terminal, progress is one bar redrawn in place', async () => {
    for (const name of ['tty-a', 'tty-b']) {
      await balena.models.apiKey.create({ name, expiryDate: new Date(Date.now() + DAY_MS).toISOString() });
    }
    const command = [process.execPath, SCRIPT, ...flags('--revoke', '--days', '1.5')].map((word) => `'${word}'`).join(' ');
    const { code, stdout } = await run(['-qec', command, '/dev/null'], { program: '/usr/bin/script' });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /\r\x1b\[K\[\.+\] 0\/2 revoking \d+ 'tty-a'/);
    assert.match(stdout, /\r\x1b\[K\[#+\] 2\/2 done\r?\n/);
    assert.doesNotMatch(stdout, /^\[1\/2\]/m);
    assert.match(stdout, /Revoked 2 of 2 keys\./);
  });

  test('Ctrl-C while revoking stops after the current key, names the others and exits 130', async () => {
    const created = {};
    for (const name of ['int-a', 'int-b', 'int-c']) {
      await balena.models.apiKey.create({ name, expiryDate: new Date(Date.now() + DAY_MS).toISOString() });
      [{ id: created[name] }] = await balena.models.apiKey.getAllNamedUserApiKeys({ $filter: { name }, $select: ['id'] });
    }
    const running = run(flags('--revoke', '--days', '1.5'));
    proxy.onDelete = () => {
      proxy.onDelete = undefined;
      running.child.kill('SIGINT');
      return new Promise((resolve) => setTimeout(resolve, 200));
    };
    const { code, stdout, stderr } = await running;
    assert.equal(code, 130, stderr);
    assert.match(stdout, new RegExp(`Revoked 1 of 3 keys\\.\nInterrupted: 2 keys not tried: ${created['int-b']} 'int-b', ${created['int-c']} 'int-c'\n$`));
    const left = await remainingIds();
    assert.ok(!left.includes(created['int-a']) && left.includes(created['int-b']) && left.includes(created['int-c']));
    await balena.models.apiKey.revoke(created['int-b']);
    await balena.models.apiKey.revoke(created['int-c']);
  });
});

describe('examples/lifecycle.mjs', () => {
  test('runs a key through its life against the API given by --api-url and --token', async () => {
    const emulator = await startEmulator();
    try {
      const { code, stdout, stderr } = await run(['--api-url', emulator.url, '--token', emulator.token], { script: LIFECYCLE });
      assert.equal(code, 0, stderr);
      assert.match(stdout, /logged in to .* as demo/);
      assert.match(stdout, /revoked key \d+: gone/);
      assert.match(stdout, /BalenaApplicationNotFound: Application not found: no-such\/app \(instanceof: true\)/);
    } finally {
      await emulator.stop();
    }
  });
});
