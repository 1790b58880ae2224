// The `balena-api-key-wasm` command as users get it: pkg/ packed with
// `npm pack`, the tarball installed into a fresh folder, and the installed
// bin run as a child process against the API emulator (through a loopback
// proxy that records requests and can refuse a key's DELETE): every command
// and flag family, human and --json output, exit codes 0, 1, 2, 3 and 130,
// the error line, progress on stderr, the token never printed and a new key
// printed exactly once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getSdk } from '../../pkg/extras.mjs';
import { packAndInstall, root } from '../browser/support.mjs';
import { startEmulator } from './helpers/emulator.mjs';
import { REFUSAL, startProxy } from './helpers/emulator-proxy.mjs';

const RUN_TIMEOUT_MS = 15_000;
const DAY_MS = 86_400_000;
const VERSION = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8')).version;

let installation;
let bin;
let home;
/** Every secret a run must never print: session tokens and keys already shown. */
const secrets = new Set();

before(async () => {
  installation = await packAndInstall('cli');
  bin = join(installation.appDir, 'node_modules/.bin/balena-api-key-wasm');
  home = mkdtempSync(join(tmpdir(), 'balena-api-key-wasm-cli-home-'));
});

after(() => {
  if (installation && !process.env.KEEP_PACKAGE_TMP) rmSync(installation.base, { recursive: true, force: true });
  if (home) rmSync(home, { recursive: true, force: true });
});

/**
 * Runs the installed command (or `program`) with `args` in the install
 * folder, with an environment free of BALENA_* whose balena data directory is
 * an empty folder of its own (plus `env`). Resolves `{ code, stdout, stderr }`
 * after checking that no secret appears in either; `child` is the process.
 */
function run(args, { env = {}, program = bin } = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^BALENA/.test(name)));
  const dataDirectory = mkdtempSync(join(home, 'data-'));
  const child = spawn(program, args, {
    cwd: installation.appDir,
    env: { ...clean, HOME: home, BALENARC_DATA_DIRECTORY: dataDirectory, npm_config_cache: installation.npmEnv.npm_config_cache, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const result = new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      for (const secret of secrets) {
        assert.ok(!stdout.includes(secret) && !stderr.includes(secret), `a secret was printed by ${args.join(' ')}:\n${stdout}\n${stderr}`);
      }
      resolve({ code: code ?? signal, stdout, stderr, dataDirectory });
    });
  });
  return Object.assign(result, { child });
}

/** How often `text` occurs in `output`. */
const count = (output, text) => output.split(text).length - 1;

/** A logged-in sdk on `url` with `token`, for setting up and checking what the command did. */
async function sdkOn(url, token) {
  const sdk = getSdk({ apiUrl: url, dataDirectory: false });
  await sdk.auth.loginWithToken(token);
  return sdk;
}

/** The user's named key called `name`, every field. */
async function namedKey(sdk, name) {
  const [key] = await sdk.models.apiKey.getAllNamedUserApiKeys({ $filter: { name }, $select: ['id', 'name', 'description', 'created_at', 'expiry_date'] });
  return key;
}

/** A fresh seeded emulator with a proxy before it; `flags(...)` points the command at the proxy. */
function emulatorSuite() {
  const suite = {};
  before(async () => {
    suite.emulator = await startEmulator();
    suite.proxy = await startProxy(suite.emulator.url);
    suite.sdk = await sdkOn(suite.emulator.url, suite.emulator.token);
    secrets.add(suite.emulator.token);
    suite.flags = (...more) => ['--api-url', suite.proxy.url, '--token', suite.emulator.token, ...more];
    /** Whether the API accepts `key` as a credential. */
    suite.accepted = async (key) => (await suite.emulator.api('/actor/v1/whoami', { auth: key })).status === 200;
    /** The requests the proxy sees during `action`, beside its result. */
    suite.wire = async (action) => {
      const start = suite.proxy.requests.length;
      const result = await action();
      return { result, requests: suite.proxy.requests.slice(start) };
    };
  });
  after(async () => {
    await suite.proxy?.close();
    await suite.emulator?.stop();
  });
  return suite;
}

describe('the command line', () => {
  const api = emulatorSuite();

  test('--help prints the usage with every command and the exit codes on stdout, exit 0', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Usage: balena-api-key-wasm <command> \[options\]\n/);
    for (const command of ['list', 'create', 'update', 'revoke', 'rotate', 'expiring']) assert.match(stdout, new RegExp(`^ {2}${command} `, 'm'));
    assert.match(stdout, /^ {2}3 {4}rotate made the new key/m);
    assert.equal(stderr, '');
  });

  test('--version prints the package version', async () => {
    const { code, stdout } = await run(['--version']);
    assert.equal(code, 0);
    assert.equal(stdout, `${VERSION}\n`);
  });

  test('npx balena-api-key-wasm runs the installed command', async () => {
    const { code, stdout, stderr } = await run(['--offline', 'balena-api-key-wasm', 'list', '--json', ...api.flags()], { program: 'npx' });
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout).map((key) => key.name), ['ci-deploy', 'dashboard', 'old-laptop', 'release-bot']);
  });

  test('a bad command line prints what is wrong and the usage on stderr, exits 2 and sends nothing', async () => {
    const cases = [
      [[], 'no command given'],
      [api.flags('lsit'), "unknown command 'lsit'"],
      [api.flags('list', '--bogus'), "Unknown option '--bogus'"],
      [api.flags('list', 'extra'), "list takes no arguments, not 'extra'"],
      [api.flags('list', '--fleet', 'a', '--device', 'b'), 'list takes --fleet or --device, not both'],
      [api.flags('create'), 'create needs NAME'],
      [api.flags('create', 'x', '--expiry', 'soon'), "--expiry takes a number of days, a date (YYYY-MM-DD) or 'never', not 'soon'"],
      [api.flags('create', 'x', '--expiry', '2021-02-30'), "--expiry takes a number of days, a date (YYYY-MM-DD) or 'never', not '2021-02-30'"],
      [api.flags('create', 'x', '--expiry', '2020-01-01'), '--expiry 2020-01-01 is not in the future'],
      [api.flags('create', 'x', '--expiry', '0'), '--expiry 0: the number of days must be from 1 to 100000000'],
      [api.flags('update', '7'), 'update needs --name, --description or --expiry'],
      [api.flags('update', 'seven', '--name', 'x'), "not a key id: 'seven'"],
      [api.flags('revoke', '1,x'), "not a key id: 'x'"],
      [api.flags('rotate', '1', '2'), "rotate takes ID, not '2'"],
      [api.flags('expiring', '--days', 'soon'), "--days takes a number of days >= 0, not 'soon'"],
      [api.flags('expiring', '--kind', 'user,fleet'), "--kind takes user, provisioning, device, not 'fleet'"],
      [api.flags('expiring', '--dry-run'), '--dry-run goes with --revoke'],
      [api.flags('expiring', '--fleet', 'demo/emulated-fleet', '--kind', 'user', '--revoke'), '--kind user does not go with --fleet'],
      [api.flags('list', '--timeout', '0'), "--timeout takes a number of seconds > 0, not '0'"],
      [['list', '--api-url', 'ftp://example.com', '--token', 'x'], "the API URL must be an http(s) URL, not 'ftp://example.com'"],
    ];
    const { requests } = await api.wire(async () => {
      for (const [args, message] of cases) {
        const { code, stdout, stderr } = await run(args);
        assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
        const [problem, usage] = stderr.split('\n\n');
        assert.ok(problem.startsWith(`error: ${message}`), `${args.join(' ')}: ${problem}`);
        assert.ok(usage.startsWith('Usage: balena-api-key-wasm'), usage);
        assert.equal(stdout, '');
      }
    });
    assert.deepEqual(requests, []);
  });

  test('global flags may follow the command, and the environment stands in for them', async () => {
    const env = { BALENA_API_URL: api.proxy.url, BALENA_TOKEN: api.emulator.token };
    const fromEnv = await run(['list', '--json'], { env });
    const fromFlags = await run(['list', '--json', ...api.flags()]);
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.equal(fromEnv.stdout, fromFlags.stdout);
  });

  test('a token given is kept in memory; without one, the token the balena CLI stored is used', async () => {
    const given = await run(api.flags('list'));
    assert.equal(given.code, 0, given.stderr);
    assert.deepEqual(readdirSync(given.dataDirectory), [], 'nothing written to the data directory');
    const stored = mkdtempSync(join(home, 'stored-'));
    writeFileSync(join(stored, 'token'), api.emulator.token);
    const fromStore = await run(['list', '--api-url', api.proxy.url], { env: { BALENARC_DATA_DIRECTORY: stored } });
    assert.equal(fromStore.code, 0, fromStore.stderr);
    assert.equal(fromStore.stdout, given.stdout);
    const none = await run(['list', '--api-url', api.proxy.url]);
    assert.deepEqual([none.code, none.stdout, none.stderr], [1, '', 'error: You have to log in (BalenaNotLoggedIn)\n']);
  });

  test('a token the API refuses is one error line with the code, and the token is not in it', async () => {
    const refused = 'refused-token-0123456789abcdef';
    secrets.add(refused);
    const { code, stdout, stderr } = await run(['list', '--api-url', api.proxy.url, '--token', refused]);
    assert.deepEqual([code, stdout, stderr], [1, '', 'error: You have to log in (BalenaNotLoggedIn)\n']);
  });

  test('an API error that quotes the token is printed with <token> in its place', async () => {
    await api.sdk.models.apiKey.create({ name: 'cli-echo', expiryDate: null });
    const { id } = await namedKey(api.sdk, 'cli-echo');
    api.proxy.failing.add(id);
    api.proxy.refusal = `token ${api.emulator.token} is read-only`;
    const { code, stderr } = await run(api.flags('revoke', String(id)));
    api.proxy.failing.clear();
    api.proxy.refusal = REFUSAL;
    assert.deepEqual([code, stderr], [1, 'error: Request error: token <token> is read-only (BalenaRequestError)\n']);
  });

  test('an unreachable API and a request past --timeout are one error line each, exit 1', async () => {
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await run(['list', '--api-url', `http://127.0.0.1:${port}`, '--token', api.emulator.token]);
    assert.deepEqual([unreachable.code, unreachable.stderr], [1, `error: fetch failed: connect ECONNREFUSED 127.0.0.1:${port} (ECONNREFUSED)\n`]);

    const silent = createServer(() => {});
    await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${silent.address().port}`;
      const started = Date.now();
      const slow = await run(['list', '--api-url', url, '--token', api.emulator.token, '--timeout', '0.3']);
      assert.deepEqual([slow.code, slow.stderr], [1, 'error: network timeout (ETIMEDOUT)\n']);
      assert.ok(Date.now() - started < 5_000, 'stopped by the timeout');
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('list', () => {
  const api = emulatorSuite();

  test('shows the named keys as a table: id, name, description, created, expires', async () => {
    const { code, stdout, stderr } = await run(api.flags('list'));
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    assert.match(lines[0], /^ID +NAME +DESCRIPTION +CREATED +EXPIRES$/);
    assert.match(stdout, /^\d+ +dashboard +Seeded named key +\d{4}-\d\d-\d\d +never$/m);
    assert.match(stdout, /^\d+ +old-laptop +Expired, no longer accepted +\d{4}-\d\d-\d\d +\d{4}-\d\d-\d\d \(expired 2 days ago\)$/m);
    assert.match(stdout, /^\d+ +release-bot +Due for rotation +\d{4}-\d\d-\d\d +\d{4}-\d\d-\d\d \(in 2 days\)$/m);
    assert.equal(lines.length, 6);
    assert.equal(stderr, '');
  });

  test('fits the terminal width, cutting names and descriptions short with …, and never wraps', async () => {
    const narrow = await run(api.flags('list'), { env: { COLUMNS: '67' } });
    assert.equal(narrow.code, 0);
    for (const line of narrow.stdout.trimEnd().split('\n')) assert.ok(line.length <= 67, `${line.length} > 67: ${line}`);
    assert.match(narrow.stdout, /^\d+ +old-lap… +Expired… +\d{4}-\d\d-\d\d +\d{4}-\d\d-\d\d \(expired 2 days ago\)$/m);
    assert.match(narrow.stdout, /^\d+ +dashboa… +Seeded … +\d{4}-\d\d-\d\d +never$/m);
    const tiny = await run(api.flags('list'), { env: { COLUMNS: '30' } });
    const lines = tiny.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    for (const line of lines) assert.ok(line.length <= 30, `${line.length} > 30: ${line}`);
  });

  test('--json prints the keys with exactly id, name, description, created_at and expiry_date', async () => {
    const { code, stdout } = await run(api.flags('list', '--json'));
    assert.equal(code, 0);
    const expected = await api.sdk.models.apiKey.getAllNamedUserApiKeys({ $select: ['id', 'name', 'description', 'created_at', 'expiry_date'] });
    assert.deepEqual(JSON.parse(stdout), expected.map(({ id, name, description, created_at, expiry_date }) => ({ id, name, description, created_at, expiry_date })));
    assert.deepEqual(Object.keys(JSON.parse(stdout)[0]), ['id', 'name', 'description', 'created_at', 'expiry_date']);
  });

  test('--fleet lists the fleet\'s provisioning keys and --device the device\'s keys, by slug, uuid or id', async () => {
    const [fleet] = await api.sdk.pine.get({ resource: 'application', options: { $select: ['id', 'slug', 'uuid'] } });
    const [device] = await api.sdk.pine.get({ resource: 'device', options: { $select: ['id', 'uuid'] } });
    const ids = (keys) => keys.map((key) => key.id);
    const fleetKeys = ids(await api.sdk.models.apiKey.getProvisioningApiKeysByApplication(fleet.id));
    const deviceKeys = ids(await api.sdk.models.apiKey.getDeviceApiKeysByDevice(device.id));
    assert.equal(fleetKeys.length, 2);
    assert.equal(deviceKeys.length, 2);
    for (const [flag, owner, expected] of [['--fleet', fleet.slug, fleetKeys], ['--fleet', fleet.uuid, fleetKeys], ['--fleet', String(fleet.id), fleetKeys],
      ['--device', device.uuid, deviceKeys], ['--device', String(device.id), deviceKeys]]) {
      const { code, stdout, stderr } = await run(api.flags('list', flag, owner, '--json'));
      assert.equal(code, 0, stderr);
      assert.deepEqual(ids(JSON.parse(stdout)), expected, `${flag} ${owner}`);
    }
    const missing = await run(api.flags('list', '--fleet', 'no/such-fleet'));
    assert.deepEqual([missing.code, missing.stderr], [1, 'error: Application not found: no/such-fleet (BalenaApplicationNotFound)\n']);
  });
});

describe('create, update, revoke', () => {
  const api = emulatorSuite();

  test('create prints the key alone on stdout, once, and what it made on stderr; it expires in 30 days', async () => {
    const started = Date.now();
    const { code, stdout, stderr } = await run(api.flags('create', 'cli-made', '--description', 'by the test'));
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^\S{16,}\n$/);
    const key = stdout.trim();
    const made = await namedKey(api.sdk, 'cli-made');
    assert.equal(stderr, `Created API key ${made.id} 'cli-made', which expires ${made.expiry_date.slice(0, 16).replace('T', ' ')} UTC. It is shown only this once: keep it now.\n`);
    assert.equal(made.description, 'by the test');
    const expiry = Date.parse(made.expiry_date);
    assert.ok(expiry >= started + 30 * DAY_MS && expiry <= Date.now() + 30 * DAY_MS, made.expiry_date);
    assert.equal(await api.accepted(key), true);
    secrets.add(key);
  });

  test('create --json prints {"key","id"}; --expiry takes days, a date or never', async () => {
    for (const [name, expiry, expected] of [['cli-never', 'never', null], ['cli-date', '2031-02-03', '2031-02-03T00:00:00.000Z']]) {
      const { code, stdout, stderr } = await run(api.flags('create', name, '--expiry', expiry, '--json'));
      assert.equal(code, 0, stderr);
      const printed = JSON.parse(stdout);
      assert.deepEqual(Object.keys(printed), ['key', 'id']);
      const made = await namedKey(api.sdk, name);
      assert.equal(printed.id, made.id);
      assert.equal(made.expiry_date, expected);
      assert.equal(stderr, '');
      assert.equal(await api.accepted(printed.key), true);
      secrets.add(printed.key);
    }
    const started = Date.now();
    const { code } = await run(api.flags('create', 'cli-days', '--expiry', '3'));
    assert.equal(code, 0);
    const expiry = Date.parse((await namedKey(api.sdk, 'cli-days')).expiry_date);
    assert.ok(expiry >= started + 3 * DAY_MS && expiry <= Date.now() + 3 * DAY_MS);
  });

  test('create with an API key (not a fresh login) is the API\'s refusal, exit 1', async () => {
    const userKey = await api.sdk.models.apiKey.create({ name: 'cli-weak', expiryDate: null });
    secrets.add(userKey);
    const { code, stdout, stderr } = await run(['create', 'x', '--api-url', api.proxy.url, '--token', userKey]);
    assert.deepEqual([code, stdout, stderr], [1, '', 'error: You have to log in (BalenaNotLoggedIn)\n']);
  });

  test('update changes only the fields given', async () => {
    await api.sdk.models.apiKey.create({ name: 'cli-update', description: 'before', expiryDate: '2030-01-01' });
    const { id } = await namedKey(api.sdk, 'cli-update');
    const described = await run(api.flags('update', String(id), '--description', 'after'));
    assert.deepEqual([described.code, described.stdout], [0, `Updated API key ${id}.\n`]);
    const afterDescribed = await namedKey(api.sdk, 'cli-update');
    assert.deepEqual([afterDescribed.id, afterDescribed.description, afterDescribed.expiry_date], [id, 'after', '2030-01-01T00:00:00.000Z']);
    const renamed = await run(api.flags('update', String(id), '--name', 'cli-renamed', '--expiry', 'never'));
    assert.equal(renamed.code, 0, renamed.stderr);
    const key = await namedKey(api.sdk, 'cli-renamed');
    assert.deepEqual([key.id, key.description, key.expiry_date], [id, 'after', null]);
  });

  test('update of a key that does not exist is BalenaApiKeyNotFound, and nothing is sent to change it', async () => {
    const { result, requests } = await api.wire(() => run(api.flags('update', '99999', '--name', 'x')));
    assert.deepEqual([result.code, result.stdout, result.stderr], [1, '', 'error: API key not found: 99999 (BalenaApiKeyNotFound)\n']);
    assert.deepEqual(requests.filter((request) => request.method !== 'GET'), []);
  });

  test('control characters in a name or description are shown as escapes, never sent to the terminal', async () => {
    const name = 'evil\nname\x1b[31m';
    await api.sdk.models.apiKey.create({ name, description: 'two\tcolumns\x1b]0;title\x07\r', expiryDate: null });
    const { id } = await namedKey(api.sdk, name);
    const list = await run(api.flags('list'));
    assert.equal(list.code, 0, list.stderr);
    assert.doesNotMatch(list.stdout, /[\x00-\x09\x0b-\x1f\x7f]/, 'no control character but the line ends');
    assert.match(list.stdout, new RegExp(`^${id} +evil\\\\nname\\\\x1b\\[31m +two\\\\tcolumns\\\\x1b\\]0;title\\\\x07\\\\r +`, 'm'));
    const revoke = await run(api.flags('revoke', String(id)));
    assert.deepEqual([revoke.code, revoke.stdout], [0, `Revoked API key ${id} 'evil\\nname\\x1b[31m'.\n`]);
  });

  test('--timeout past what a timer holds (about 24 days) is a usage error', async () => {
    const { code, stderr } = await run(api.flags('list', '--timeout', '3000000'));
    assert.equal(code, 2);
    assert.ok(stderr.startsWith("error: --timeout takes at most 2147483 seconds (about 24 days), not '3000000'"), stderr);
  });

  test('revoke ID revokes one key', async () => {
    await api.sdk.models.apiKey.create({ name: 'cli-revoke-one', expiryDate: null });
    const { id } = await namedKey(api.sdk, 'cli-revoke-one');
    const { code, stdout, stderr } = await run(api.flags('revoke', String(id)));
    assert.deepEqual([code, stdout, stderr], [0, `Revoked API key ${id} 'cli-revoke-one'.\n`, '']);
    assert.equal(await namedKey(api.sdk, 'cli-revoke-one'), undefined);
    const again = await run(api.flags('revoke', String(id)));
    assert.deepEqual([again.code, again.stderr], [1, `error: API key not found: ${id} (BalenaApiKeyNotFound)\n`]);
  });

  test('revoke of several shows progress; one that fails does not stop the rest, is named, and exits 1', async () => {
    const ids = [];
    for (const name of ['cli-a', 'cli-b', 'cli-c']) {
      await api.sdk.models.apiKey.create({ name, expiryDate: null });
      ids.push((await namedKey(api.sdk, name)).id);
    }
    api.proxy.failing.add(ids[1]);
    const { result, requests } = await api.wire(() => run(api.flags('revoke', `${ids[0]},${ids[1]}`, String(ids[2]), '99999')));
    api.proxy.failing.clear();
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(requests.filter((request) => request.method === 'DELETE').map((request) => request.path), ids.map((id) => `/v7/api_key(${id})`));
    assert.equal(result.stdout, 'Revoked 2 of 4 API keys.\n');
    assert.equal(result.stderr, [
      `[1/3] revoked ${ids[0]} 'cli-a'`,
      `[2/3] FAILED to revoke ${ids[1]} 'cli-b': Request error: ${REFUSAL} (BalenaRequestError)`,
      `[3/3] revoked ${ids[2]} 'cli-c'`,
      `error: API key ${ids[1]} 'cli-b' not revoked: Request error: ${REFUSAL} (BalenaRequestError)`,
      'error: API key 99999 not revoked: API key not found: 99999 (BalenaApiKeyNotFound)',
      '',
    ].join('\n'));
    assert.deepEqual([await namedKey(api.sdk, 'cli-a'), (await namedKey(api.sdk, 'cli-b'))?.id, await namedKey(api.sdk, 'cli-c')], [undefined, ids[1], undefined]);
  });

  test('on a terminal, progress is one bar redrawn in place', async () => {
    const ids = [];
    for (const name of ['cli-tty-a', 'cli-tty-b']) {
      await api.sdk.models.apiKey.create({ name, expiryDate: null });
      ids.push((await namedKey(api.sdk, name)).id);
    }
    const command = [bin, ...api.flags('revoke', ids.join(','))].map((word) => `'${word}'`).join(' ');
    const { code, stdout } = await run(['-qec', command, '/dev/null'], { program: '/usr/bin/script' });
    assert.equal(code, 0, stdout);
    assert.match(stdout, new RegExp(`\\r\\x1b\\[K\\[\\.{20}\\] 0/2 revoking ${ids[0]} 'cli-tty-a'`));
    assert.match(stdout, /\r\x1b\[K\[#{20}\] 2\/2\r?\n/);
    assert.doesNotMatch(stdout, /^\[1\/2\]/m);
    assert.match(stdout, /Revoked 2 of 2 API keys\./);
  });

  test('Ctrl-C while revoking stops after the current request, names the keys not tried and exits 130', async () => {
    const ids = [];
    for (const name of ['cli-int-a', 'cli-int-b', 'cli-int-c']) {
      await api.sdk.models.apiKey.create({ name, expiryDate: null });
      ids.push((await namedKey(api.sdk, name)).id);
    }
    const running = run(api.flags('revoke', ids.join(',')));
    api.proxy.onDelete = () => {
      api.proxy.onDelete = undefined;
      running.child.kill('SIGINT');
      return new Promise((resolve) => setTimeout(resolve, 200));
    };
    const { code, stdout, stderr } = await running;
    assert.equal(code, 130, stderr);
    assert.equal(stdout, 'Revoked 1 of 3 API keys.\n');
    assert.match(stderr, new RegExp(`\ninterrupted: not tried: ${ids[1]} 'cli-int-b', ${ids[2]} 'cli-int-c'\n$`));
    assert.deepEqual([await namedKey(api.sdk, 'cli-int-a'), (await namedKey(api.sdk, 'cli-int-b'))?.id], [undefined, ids[1]]);
  });
});

describe('rotate', () => {
  const api = emulatorSuite();

  test('prints the new key once; the new key works, the old one is revoked, name and description kept', async () => {
    const old = await api.sdk.models.apiKey.create({ name: 'cli-rotate', description: 'CI', expiryDate: new Date(Date.now() + 10 * DAY_MS).toISOString() });
    const { id } = await namedKey(api.sdk, 'cli-rotate');
    const { code, stdout, stderr } = await run(api.flags('rotate', String(id)));
    assert.equal(code, 0, stderr);
    const key = stdout.trim();
    secrets.add(key);
    const now = await namedKey(api.sdk, 'cli-rotate');
    assert.equal(stderr, `Rotated API key ${id}: the new key ${now.id} has its name and description, and ${id} is revoked. The new key is shown only this once: keep it now.\n`);
    assert.equal(now.description, 'CI');
    assert.deepEqual([await api.accepted(key), await api.accepted(old)], [true, false]);
  });

  test('--json prints {"id","key","revoked"}; --expiry sets the new key\'s expiry', async () => {
    await api.sdk.models.apiKey.create({ name: 'cli-rotate-json', expiryDate: null });
    const { id } = await namedKey(api.sdk, 'cli-rotate-json');
    const { code, stdout, stderr } = await run(api.flags('rotate', String(id), '--expiry', '2032-03-04', '--json'));
    assert.equal(code, 0, stderr);
    const printed = JSON.parse(stdout);
    secrets.add(printed.key);
    const now = await namedKey(api.sdk, 'cli-rotate-json');
    assert.deepEqual(printed, { id: now.id, key: printed.key, revoked: id });
    assert.equal(now.expiry_date, '2032-03-04T00:00:00.000Z');
    assert.equal(stderr, '');
  });

  test('a key that is not one of the user\'s named keys is BalenaApiKeyNotFound, exit 1', async () => {
    const { code, stdout, stderr } = await run(api.flags('rotate', '99999'));
    assert.deepEqual([code, stdout, stderr], [1, '', 'error: API key not found: 99999 (BalenaApiKeyNotFound)\n']);
  });

  test('when the old key cannot be revoked, the new key is still printed once, both stay valid, exit 3', async () => {
    const old = await api.sdk.models.apiKey.create({ name: 'cli-rotate-stuck', expiryDate: null });
    const { id } = await namedKey(api.sdk, 'cli-rotate-stuck');
    api.proxy.failing.add(id);
    const human = await run(api.flags('rotate', String(id)));
    const { id: newId } = (await api.sdk.models.apiKey.getAllNamedUserApiKeys({ $filter: { name: 'cli-rotate-stuck', id: { $ne: id } }, $select: ['id'] }))[0];
    assert.equal(human.code, 3, human.stderr);
    const key = human.stdout.trim();
    assert.equal(human.stdout, `${key}\n`);
    assert.equal(human.stderr, `error: Created API key ${newId} but could not revoke API key ${id}, so both are valid: Request error: ${REFUSAL} (BalenaApiKeyRotationIncomplete)\n`);
    assert.deepEqual([await api.accepted(key), await api.accepted(old)], [true, true]);
    secrets.add(key);

    const json = await run(api.flags('rotate', String(id), '--json'));
    api.proxy.failing.clear();
    assert.equal(json.code, 3, json.stderr);
    const printed = JSON.parse(json.stdout);
    secrets.add(printed.key);
    assert.deepEqual(Object.keys(printed), ['id', 'key', 'revoked']);
    assert.equal(printed.revoked, null);
    assert.equal(count(json.stdout + json.stderr, printed.key), 1);
    assert.match(json.stderr, /^error: Created API key \d+ but could not revoke API key \d+, so both are valid: .* \(BalenaApiKeyRotationIncomplete\)\n$/);
  });
});

describe('expiring', () => {
  const api = emulatorSuite();
  const audit = async (...args) => {
    const { code, stdout, stderr } = await run(api.flags('expiring', ...args, '--json'));
    assert.equal(code, 0, stderr);
    return JSON.parse(stdout);
  };
  const kindsAndNames = (keys) => keys.map((key) => `${key.kind}:${key.name}`);

  test('lists the expired and soon-expiring keys of every kind, soonest first, with counts and progress lines', async () => {
    const { code, stdout, stderr } = await run(api.flags('expiring'));
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^ID +KIND +OWNER +NAME +EXPIRES\n\d+ +user +you +old-laptop +\d{4}-\d\d-\d\d \(expired 2 days ago\)\n\d+ +user +you +release-bot +\d{4}-\d\d-\d\d \(in 2 days\)\n\d+ +device +[0-9a-f]{7} +\d{4}-\d\d-\d\d \(in 4 days\)\n3 keys: 1 expired, 2 expiring within 7 days\.\n$/);
    assert.equal(stderr, [
      'user keys: 1 user read, 2 keys found',
      'provisioning keys: 1 fleet read, 0 keys found',
      'device keys: 1 device read, 1 key found',
      '',
    ].join('\n'));
  });

  test('on a terminal, the audit\'s progress is one status line redrawn in place', async () => {
    const command = [bin, ...api.flags('expiring')].map((word) => `'${word}'`).join(' ');
    const { code, stdout } = await run(['-qec', command, '/dev/null'], { program: '/usr/bin/script' });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^\r\x1b\[Kscanning user keys: 1 user read, 2 keys found\r\x1b\[Kscanning provisioning keys: 1 fleet read, 0 keys found\r\x1b\[Kscanning device keys: 1 device read, 1 key found\r?\nID +KIND/);
    assert.doesNotMatch(stdout, /^user keys:/m);
  });

  test('--kind picks each kind, --days the window, --fleet one fleet; --json is what getExpiring resolves', async () => {
    assert.deepEqual(kindsAndNames(await audit('--kind', 'user')), ['user:old-laptop', 'user:release-bot']);
    assert.deepEqual(kindsAndNames(await audit('--kind', 'device')), ['device:null']);
    assert.deepEqual(kindsAndNames(await audit('--kind', 'provisioning')), []);
    assert.deepEqual(kindsAndNames(await audit('--kind', 'provisioning', '--days', '31')), ['provisioning:null']);
    assert.deepEqual(kindsAndNames(await audit('--days', '0')), ['user:old-laptop']);
    assert.deepEqual(kindsAndNames(await audit('--days', '31', '--fleet', 'demo/emulated-fleet')), ['device:null', 'provisioning:null']);
    const printed = await audit('--days', '31', '--kind', 'user', '--kind', 'device,provisioning');
    assert.deepEqual(printed, await api.sdk.extras.apiKey.getExpiring({ days: 31 }));
  });

  test('--revoke --dry-run says what --revoke would revoke and sends nothing but GETs', async () => {
    const expected = await api.sdk.extras.apiKey.getExpiring({ days: 31 });
    const { result, requests } = await api.wire(() => run(api.flags('expiring', '--days', '31', '--revoke', '--dry-run')));
    assert.equal(result.code, 0, result.stderr);
    const labels = expected.map((key) => (key.name === null ? String(key.id) : `${key.id} '${key.name}'`)).join(', ');
    assert.ok(result.stdout.endsWith(`Dry run: --revoke would revoke 4 keys: ${labels}. Nothing was revoked.\n`), result.stdout);
    assert.deepEqual(requests.filter((request) => request.method !== 'GET'), []);
    assert.deepEqual(await api.sdk.extras.apiKey.getExpiring({ days: 31 }), expected);
  });

  test('--revoke revokes every key listed, with progress, and then none are left', async () => {
    const expected = await api.sdk.extras.apiKey.getExpiring({ days: 7 });
    const { result, requests } = await api.wire(() => run(api.flags('expiring', '--revoke', '--json')));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), expected.map((key) => ({ ...key, revoked: true })));
    assert.deepEqual(requests.filter((request) => request.method === 'DELETE').map((request) => request.path), expected.map((key) => `/v7/api_key(${key.id})`));
    assert.match(result.stderr, new RegExp(`^\\[1/3\\] revoked ${expected[0].id} 'old-laptop'$`, 'm'));
    assert.match(result.stderr, /\nRevoked 3 of 3 API keys\.\n$/);
    const after = await run(api.flags('expiring'));
    assert.match(after.stdout, /^No API keys expire within 7 days\.\n$/);
  });
});
