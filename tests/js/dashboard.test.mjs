// The dashboard (www/) in headless Chromium against `make demo`'s servers
// (scripts/demo-servers.mjs: the seeded api-emulator and the static server),
// the pure modules behind it, and scripts/demo.mjs starting and stopping.
// Screenshots of every page and state go to test-results/dashboard/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { createLaunchCodes } from '../../scripts/demo-launch.mjs';
import { dashboardUrl, ROOT, startDemo, startStaticServer } from '../../scripts/demo-servers.mjs';
import { keyTitle, progressText, resultText } from '../../www/lib/expiring.mjs';
import { dateInDays, formatDateTime, keyLabel, keyStatus, toDateInput } from '../../www/lib/format.mjs';
import { redeemLaunchCode, takeLaunchCode } from '../../www/lib/launch.mjs';
import { listOptions, parseTarget, textFilter } from '../../www/lib/query.mjs';
import { launchChromium } from '../browser/support.mjs';

const SHOTS = join(ROOT, 'test-results/dashboard');
const TOKEN = 'dashboard-test-token-5f3c9a';

describe('dashboard modules', () => {
  test('the text filter is a case-insensitive contains on name or description', () => {
    assert.deepEqual(textFilter('  CI  '), {
      $or: [{ $contains: [{ $tolower: { $: 'name' } }, 'ci'] }, { $contains: [{ $tolower: { $: 'description' } }, 'ci'] }],
    });
    assert.equal(textFilter('   '), undefined);
  });

  test('list options select the shown fields, sort with an id tie-break, filter only when there is text', () => {
    assert.deepEqual(listOptions({ text: '', sort: { field: 'created_at', direction: 'desc' } }), {
      $select: ['id', 'name', 'description', 'created_at', 'expiry_date'],
      $orderby: [{ created_at: 'desc' }, { id: 'asc' }],
    });
    assert.ok(listOptions({ text: 'x', sort: { field: 'name', direction: 'asc' } }).$filter);
    assert.throws(() => listOptions({ sort: { field: 'key', direction: 'asc' } }), /not a sortable field/);
  });

  test('an application or device entry of digits is an id, anything else a slug or uuid', () => {
    assert.equal(parseTarget(' 12 '), 12);
    assert.equal(parseTarget('demo/fleet'), 'demo/fleet');
    assert.equal(parseTarget('  '), undefined);
  });

  test('the expiry status is never, expired, expires within 7 days or ok', () => {
    const now = Date.parse('2030-01-10T00:00:00Z');
    assert.equal(keyStatus(null, now).kind, 'never');
    assert.equal(keyStatus('2030-01-09T23:59:59Z', now).kind, 'expired');
    assert.deepEqual(keyStatus('2030-01-16T00:00:00Z', now), { kind: 'soon', label: 'expires within 7 days' });
    assert.equal(keyStatus('2030-01-18T00:00:00Z', now).kind, 'ok');
  });

  test('the launch code is read from the fragment, which leaves the address bar', () => {
    const replaced = [];
    const history = { state: { kept: true }, replaceState: (...args) => replaced.push(args) };
    assert.equal(takeLaunchCode({ hash: '#code=c0de', pathname: '/app/', search: '?x=1' }, history), 'c0de');
    assert.deepEqual(replaced, [[{ kept: true }, '', '/app/?x=1']]);
    assert.equal(takeLaunchCode({ hash: '#other=1', pathname: '/', search: '' }, history), undefined);
    assert.equal(takeLaunchCode({ hash: '', pathname: '/', search: '' }, history), undefined);
    assert.equal(replaced.length, 1, 'a URL without a code is left alone');
  });

  test('a key is called by its name, or by its id (and kind, in the expiry view) when it has none', () => {
    assert.equal(keyLabel({ id: 7, name: 'ci' }), 'ci');
    assert.equal(keyLabel({ id: 7, name: null }), 'key 7');
    assert.equal(keyTitle({ id: 7, name: 'ci', kind: 'user' }), 'ci');
    assert.equal(keyTitle({ id: 7, name: null, kind: 'device' }), 'device key 7');
  });

  test('the expiry view says what it is reading, then how many keys it found', () => {
    assert.equal(progressText({ kind: 'user', scanned: 1, found: 2 }), 'Checking your named keys: 2 found so far…');
    assert.equal(progressText({ kind: 'provisioning', scanned: 1, found: 0 }),
      'Checking the provisioning keys of your fleets (1 fleet read): 0 found so far…');
    assert.equal(progressText({ kind: 'device', scanned: 500, found: 3 }), 'Checking the keys of your devices (500 devices read): 3 found so far…');
    assert.equal(resultText([{ expired: true }, { expired: false }], 7), '2 keys expired or expiring within 7 days (1 expired)');
    assert.equal(resultText([{ expired: false }], 30), '1 key expired or expiring within 30 days (0 expired)');
    assert.equal(resultText([], 90), 'No key has expired or expires within 90 days.');
  });

  test('dates read as UTC minutes and date inputs get the UTC day', () => {
    assert.equal(formatDateTime('2030-10-12T08:30:59.000Z'), '2030-10-12 08:30 UTC');
    assert.equal(toDateInput('2030-10-12T23:30:00.000Z'), '2030-10-12');
    assert.equal(toDateInput(null), '');
    assert.equal(dateInDays(1, Date.parse('2030-12-31T12:00:00Z')), '2031-01-01');
  });
});

describe('demo servers', () => {
  test('the static server serves www/ and pkg/ with their types and a CSP, and nothing outside them', async () => {
    const site = await startStaticServer();
    try {
      const page = await fetch(site.url);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type'), /^text\/html/);
      assert.match(page.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
      assert.match(await page.text(), /<title>balena API keys<\/title>/);
      assert.equal((await fetch(`${site.url}pkg/dist/balena_api_key_bg.wasm`, { method: 'HEAD' })).headers.get('content-type'), 'application/wasm');
      assert.match((await fetch(`${site.url}pkg/browser.mjs`)).headers.get('content-type'), /^text\/javascript/);
      for (const path of ['%2e%2e/Cargo.toml', 'pkg/%2e%2e/Makefile', 'nope.html']) {
        assert.equal((await fetch(site.url + path)).status, 404, path);
      }
      assert.equal((await fetch(site.url, { method: 'POST' })).status, 405);
    } finally {
      await site.close();
    }
  });

  test('the link carries a one-time code and neither the API URL nor the token', () => {
    const codes = createLaunchCodes({ apiUrl: 'http://127.0.0.1:2', token: 'secret-token' });
    const code = codes.issue();
    assert.match(code, /^[0-9a-f]{32}$/);
    assert.notEqual(codes.issue(), code);
    assert.equal(dashboardUrl('http://127.0.0.1:1/', code), `http://127.0.0.1:1/#code=${code}`);
  });

  test('a launch code is traded for the session once: then 410 used, 403 unknown', async () => {
    const codes = createLaunchCodes({ apiUrl: 'http://127.0.0.1:2', token: 'secret-token' });
    const site = await startStaticServer({ launch: codes });
    try {
      const code = codes.issue();
      assert.deepEqual(await redeemLaunchCode(code, { baseUrl: site.url }), { apiUrl: 'http://127.0.0.1:2', token: 'secret-token' });
      await assert.rejects(redeemLaunchCode(code, { baseUrl: site.url }),
        { name: 'DemoLinkError', code: 'DemoLinkError', message: 'This demo link was already used', statusCode: 410 });
      await assert.rejects(redeemLaunchCode('f'.repeat(32), { baseUrl: site.url }),
        { name: 'DemoLinkError', message: 'This demo link is not valid', statusCode: 403 });
    } finally {
      await site.close();
    }
  });

  test('the session exchange takes only a JSON code, and only where the demo set it up', async () => {
    const codes = createLaunchCodes({ apiUrl: 'http://127.0.0.1:2', token: 'secret-token' });
    const site = await startStaticServer({ launch: codes });
    const plain = await startStaticServer();
    const post = (base, body, type = 'application/json') => fetch(`${base}demo/session`, { method: 'POST', headers: { 'Content-Type': type }, body });
    try {
      const code = codes.issue();
      const answers = [
        [await post(site.url, JSON.stringify({ code }), 'text/plain'), 415],
        [await post(site.url, 'not json'), 400],
        [await post(site.url, JSON.stringify({ code: 5 })), 400],
        [await post(site.url, JSON.stringify({ code, padding: 'x'.repeat(2000) })), 413],
        [await post(plain.url, JSON.stringify({ code })), 405],
      ];
      assert.deepEqual(answers.map(([response]) => response.status), answers.map(([, status]) => status));
      assert.deepEqual(await answers[0][0].json(), { message: 'Send the code as application/json' });
      assert.match(answers[0][0].headers.get('content-security-policy'), /default-src 'self'/);
      const traded = await post(site.url, JSON.stringify({ code }));
      assert.equal(traded.status, 200, 'the refused requests did not spend the code');
      assert.equal(traded.headers.get('cache-control'), 'no-store');
    } finally {
      await Promise.all([site.close(), plain.close()]);
    }
  });

  test('scripts/demo.mjs prints one URL and the token, and Ctrl-C stops both servers', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/demo.mjs'), '--port', '0', '--token', 'demo-script-token'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    const lines = [];
    let openUrl;
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (/^\s+http:\/\/127\.0\.0\.1:\d+\/#code=/.test(line)) openUrl = line.trim();
      if (line.startsWith('Press Ctrl-C')) break;
    }
    assert.ok(openUrl, `no URL printed:\n${lines.join('\n')}`);
    assert.equal(lines.filter((line) => line.includes('#code=')).length, 1);
    assert.ok(lines.some((line) => line.includes('token demo-script-token')));
    assert.ok(!openUrl.includes('demo-script-token'), 'the token is in the link');
    const code = new URLSearchParams(new URL(openUrl).hash.slice(1)).get('code');
    const { apiUrl, token } = await redeemLaunchCode(code, { baseUrl: openUrl });
    assert.equal(token, 'demo-script-token');
    assert.ok(lines.some((line) => line.includes(`API ${apiUrl}`)));
    assert.equal((await fetch(openUrl)).status, 200);
    assert.equal((await fetch(`${apiUrl}/actor/v1/whoami`, { headers: { Authorization: 'Bearer demo-script-token' } })).status, 200);
    child.kill('SIGINT');
    const [exitCode] = await exited;
    assert.equal(exitCode, 0);
    await assert.rejects(fetch(openUrl), 'the static server still answers');
    await assert.rejects(fetch(`${apiUrl}/actor/v1/whoami`), 'the emulator still answers');
  });
});

describe('dashboard in Chromium', () => {
  let demo;
  let browser;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [demo, browser] = await Promise.all([startDemo({ token: TOKEN }), launchChromium()]);
  });
  after(async () => {
    await Promise.all([browser?.close(), demo?.stop()]);
  });

  /**
   * A fresh browser context on a new demo link (or `link`). Every request and every console
   * error is recorded; `finish()` asserts there were no console errors (but
   * `allowedErrors`) and that the token never reached the page's HTML or a
   * URL, then closes the context.
   */
  async function openDashboard({ viewport = { width: 1100, height: 800 }, allowedErrors = [], link = demo.newLink() } = {}) {
    const context = await browser.newContext({ viewport });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.pageUrl.slice(0, -1) });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems = [];
    const requests = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !allowedErrors.some((allowed) => allowed.test(message.text()))) {
        problems.push(`console: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push({ method: request.method(), url: decodeURIComponent(request.url()), body: request.postData() }));
    await page.goto(link);
    await page.locator('#connect').waitFor();
    return {
      page,
      requests,
      async finish() {
        assert.ok(!(await page.content()).includes(TOKEN), 'the token is in the page');
        assert.deepEqual(requests.filter(({ url }) => url.includes(TOKEN)), [], 'the token is in a requested URL');
        assert.deepEqual(problems, []);
        await context.close();
      },
    };
  }

  /** Saves a screenshot: the whole page, or only what is on screen (`fullPage: false`, for dialogs and phones). */
  const shot = (page, name, { fullPage = true } = {}) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
  const rows = (page) => page.locator('#keys-body tr[data-key-id]');
  const rowNamed = (page, name) => rows(page).filter({ has: page.locator('.key-name', { hasText: new RegExp(`^${name}$`) }) });
  const names = (page) => page.locator('#keys-body tr[data-key-id] .key-name').allTextContents();

  /**
   * A request straight to the emulator with the session token, for ids the
   * page should be given and states the form refuses to make. Resolves the
   * JSON body (undefined when empty); fails on a non-2xx answer.
   */
  async function emulatorApi(path, { method = 'GET', body } = {}) {
    const headers = { Authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
    const response = await fetch(`${demo.apiUrl}/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.ok(response.ok, `${method} ${path}: ${response.status}`);
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  }

  /** Waits for an error box, checks the message and code it shows; returns its whole text. */
  async function shownError(box, { message, code }) {
    await box.waitFor();
    assert.equal(await box.locator('.error-message').textContent(), message);
    assert.equal(await box.locator('.error-code').textContent(), code);
    return box.textContent();
  }

  /** Connects with the pre-filled form and waits for the first rows. */
  async function connect(page) {
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.locator('#session-user').getByText('demo').waitFor();
    await rows(page).first().waitFor();
  }

  /** Types into the filter and waits for the list request that carries it. */
  async function filterBy(page, text) {
    const request = page.waitForRequest((r) => decodeURIComponent(r.url()).includes(`contains(tolower(name),'${text.toLowerCase()}')`));
    await page.getByLabel('Filter by name or description').fill(text);
    await request;
    await page.locator('#keys-table:not([aria-busy])').waitFor();
  }

  /** Hides the new key with the button under it. */
  const hideNewKey = (page) => page.getByRole('button', { name: 'I have copied it, hide it' }).click();

  /** Creates a key through the form; returns the key shown once. */
  async function createKey(page, { name, description = '', expiry }) {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Description (optional)').fill(description);
    await page.getByLabel('Never expires').setChecked(expiry === null);
    if (expiry !== null) await page.getByLabel('Expires on').fill(expiry);
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.locator('#new-key').waitFor();
    return page.locator('#new-key-value').textContent();
  }

  test('connect: the link pre-fills the form and leaves the address bar, whoami is shown, the session is remembered', async () => {
    const { page, requests, finish } = await openDashboard();
    assert.equal(new URL(page.url()).hash, '', 'the fragment is still in the address bar');
    assert.ok(await page.locator('#connect-error').isHidden());
    assert.equal(await page.getByLabel('API URL').inputValue(), demo.apiUrl);
    const token = page.getByLabel('Session token or API key');
    assert.equal(await token.getAttribute('type'), 'password');
    assert.equal(await token.getAttribute('value'), null);
    assert.equal(await token.inputValue(), TOKEN);
    await shot(page, '01-connect');
    await connect(page);
    assert.deepEqual(await names(page), ['ci-deploy', 'dashboard', 'old-laptop', 'release-bot']);
    assert.equal(await page.locator('#list-status').textContent(), '4 API keys');
    assert.equal(await token.inputValue(), '', 'the token stays in the input after connecting');
    const listRequest = requests.find(({ url }) => url.includes('/v7/api_key?'));
    assert.match(listRequest.url, /\$orderby=name asc,id asc&\$select=id,name,description,created_at,expiry_date&\$filter=is_of__actor eq 1 and name ne null$/);
    await shot(page, '02-keys');

    await page.goto(demo.pageUrl);
    await page.locator('#session-user').getByText('demo').waitFor();
    await rows(page).first().waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('balena-token')), TOKEN);

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.locator('#connect').waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('balena-token')), null);
    await page.goto(demo.pageUrl);
    await page.locator('#connect').waitFor();
    assert.equal(await page.getByLabel('API URL').inputValue(), demo.apiUrl, 'the API URL is remembered');
    await finish();
  });

  test('the token is never in the address bar, the history or the navigation entries', async () => {
    const link = demo.newLink();
    const { page, finish } = await openDashboard({ link });
    await connect(page);
    const cdp = await page.context().newCDPSession(page);
    const { entries } = await cdp.send('Page.getNavigationHistory');
    const seen = {
      location: await page.evaluate(() => location.href),
      history: entries.map(({ url }) => url),
      navigation: await page.evaluate(() => performance.getEntriesByType('navigation').map(({ name }) => name)),
      resources: await page.evaluate(() => performance.getEntriesByType('resource').map(({ name }) => name)),
    };
    assert.equal(seen.location, demo.pageUrl);
    assert.deepEqual(seen.history, ['about:blank', demo.pageUrl]);
    assert.deepEqual(seen.navigation, [link], 'the navigation entry keeps the spent code');
    assert.ok(seen.resources.length > 3, 'the resource entries were read');
    assert.ok(!JSON.stringify(seen).includes(TOKEN), `the token is in ${JSON.stringify(seen, null, 2)}`);
    await finish();
  });

  test('a second use of the link does not connect and says the link was used', async () => {
    const link = demo.newLink();
    const first = await openDashboard({ link });
    await connect(first.page);
    await first.finish();
    const { page, requests, finish } = await openDashboard({ link, allowedErrors: [/status of 410/] });
    const error = await shownError(page.locator('#connect-error'), { message: 'This demo link was already used', code: 'DemoLinkError · HTTP 410' });
    assert.match(error, /^Could not use the demo link: .*Each link printed by make demo connects once/);
    assert.equal(await page.getByLabel('Session token or API key').inputValue(), '');
    assert.ok(await page.locator('#keys').isHidden());
    assert.deepEqual(requests.filter(({ url }) => url.startsWith(demo.apiUrl)), [], 'the page called the API');
    await shot(page, '01b-link-used');
    await finish();
  });

  test('a bad token: the message and code of the error, the token forgotten', async () => {
    const { page, finish } = await openDashboard({ allowedErrors: [/status of 401/] });
    await page.getByLabel('Session token or API key').fill('not-a-valid-token');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const error = await shownError(page.locator('#connect-error'), { message: 'You have to log in', code: 'BalenaNotLoggedIn' });
    assert.equal(error, 'The API refused this token: You have to log in BalenaNotLoggedIn');
    assert.equal(await page.evaluate(() => localStorage.getItem('balena-token')), null);
    assert.ok(await page.locator('#keys').isHidden());
    await shot(page, '03-bad-token');
    await finish();
  });

  test('filter: sent to the API as $filter, with an empty state', async () => {
    const { page, finish } = await openDashboard();
    await connect(page);
    await filterBy(page, 'SEEDED');
    assert.deepEqual(await names(page), ['dashboard']);
    await shot(page, '04-filtered');
    await filterBy(page, 'no such key');
    await page.locator('.message-row.empty').getByText('No API keys match “no such key”.').waitFor();
    await shot(page, '05-filter-empty');
    await finish();
  });

  test('loading: the table says so while the API has not answered', async () => {
    const { page, finish } = await openDashboard();
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route((url) => url.pathname === '/v7/api_key', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.locator('#keys-table[aria-busy="true"] .message-row.loading').getByText('Loading API keys…').waitFor();
    await shot(page, '03b-loading');
    release();
    await rows(page).first().waitFor();
    await page.unrouteAll();
    await finish();
  });

  test('sort: column headers send $orderby and show the order', async () => {
    const { page, requests, finish } = await openDashboard();
    await connect(page);
    const nameHeader = page.locator('#keys-table').getByRole('columnheader', { name: /Name/ });
    assert.equal(await nameHeader.getAttribute('aria-sort'), 'ascending');
    const before = await names(page);
    await page.getByRole('button', { name: 'Name' }).click();
    await page.locator('th[data-field="name"][aria-sort="descending"]').waitFor();
    await page.locator('#keys-table:not([aria-busy])').waitFor();
    assert.deepEqual(await names(page), [...before].reverse());
    assert.ok(requests.some(({ url }) => url.includes('$orderby=name desc,id asc')));
    await page.getByRole('button', { name: 'Created' }).click();
    await page.locator('th[data-field="created_at"][aria-sort="ascending"]').waitFor();
    assert.equal(await nameHeader.getAttribute('aria-sort'), 'none');
    assert.ok(requests.some(({ url }) => url.includes('$orderby=created_at asc,id asc')));
    await finish();
  });

  test('create: the key is shown once with a copy button, then gone for good', async () => {
    const { page, requests, finish } = await openDashboard();
    await connect(page);
    const key = await createKey(page, { name: 'ci-create', description: 'made by the test', expiry: '2031-03-04' });
    assert.match(key, /^\S{16,}$/);
    await page.getByText('it will not be shown again').waitFor();
    const create = requests.find(({ method, url }) => method === 'POST' && url.endsWith('/api-key/user/full'));
    assert.deepEqual(JSON.parse(create.body), { name: 'ci-create', expiryDate: '2031-03-04', description: 'made by the test' });
    await rowNamed(page, 'ci-create').waitFor();
    await shot(page, '06-created');
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.locator('#copy-status').getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key);

    await hideNewKey(page);
    await page.locator('#new-key').waitFor({ state: 'hidden' });
    assert.ok(!(await page.content()).includes(key), 'the key is still in the page');
    await page.reload();
    await rowNamed(page, 'ci-create').waitFor();
    assert.ok(!(await page.content()).includes(key), 'the key came back after a reload');
    assert.match(await rowNamed(page, 'ci-create').textContent(), /made by the test.*2031-03-04 00:00 UTC/);

    await createKey(page, { name: 'ci-never', expiry: null });
    await hideNewKey(page);
    assert.equal(await rowNamed(page, 'ci-never').locator('.badge').textContent(), 'never expires');
    await finish();
  });

  test('connected with an API key: the keys are listed, a create is refused with the message, code and causes', async () => {
    const apiKey = await emulatorApi('api-key/user/full', { method: 'POST', body: { name: 'ci-api-key', expiryDate: null } });
    const { page, finish } = await openDashboard({ allowedErrors: [/status of 401/] });
    await page.getByLabel('Session token or API key').fill(apiKey);
    await connect(page);
    await rowNamed(page, 'ci-api-key').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('not allowed');
    await page.getByRole('button', { name: 'Create key' }).click();
    const error = await shownError(page.locator('#create-error'), { message: 'You have to log in', code: 'BalenaNotLoggedIn' });
    assert.match(error, /Only a fresh user login may create keys/);
    assert.ok(await page.locator('#new-key').isHidden());
    await shot(page, '08b-create-refused');
    assert.ok(!(await page.content()).includes(apiKey), 'the API key used as token is in the page');
    await finish();
  });

  test('edit in place: name, description and expiry each saved alone; a refused edit shows the error', async () => {
    const { page, requests, finish } = await openDashboard();
    await connect(page);
    await createKey(page, { name: 'ci-edit', description: 'before', expiry: '2031-01-01' });
    await hideNewKey(page);
    const patches = () => requests.filter(({ method }) => method === 'PATCH').map(({ body }) => JSON.parse(body));

    const editRow = async (name) => {
      await page.getByRole('button', { name: `Edit ${name}` }).click();
      return page.locator('#keys-body tr.editing');
    };
    const save = async (row) => {
      await row.getByRole('button', { name: 'Save' }).click();
      await page.locator('#keys-body tr.editing').waitFor({ state: 'detached' });
      await page.locator('#keys-table:not([aria-busy])').waitFor();
    };

    let row = await editRow('ci-edit');
    await shot(page, '07-editing');
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select')]
      .filter((input) => input.labels.length === 0 && !input.getAttribute('aria-label')).map((input) => input.id));
    assert.deepEqual(unlabelled, [], 'inputs without a label');
    await row.getByLabel('Name').fill('ci-edited');
    await save(row);
    await rowNamed(page, 'ci-edited').waitFor();

    row = await editRow('ci-edited');
    await row.getByLabel('Description').fill('after');
    await row.getByLabel('Description').press('Enter');
    await page.locator('#keys-body tr.editing').waitFor({ state: 'detached' });
    await page.locator('#keys-table:not([aria-busy])').waitFor();
    await rowNamed(page, 'ci-edited').getByText('after').waitFor();

    row = await editRow('ci-edited');
    await row.getByLabel('Expires on').fill(dateInDays(3));
    await save(row);
    assert.equal(await rowNamed(page, 'ci-edited').locator('.badge').textContent(), 'expires within 7 days');

    row = await editRow('ci-edited');
    await row.getByLabel('Never expires').check();
    await save(row);
    assert.equal(await rowNamed(page, 'ci-edited').locator('.badge').textContent(), 'never expires');
    assert.deepEqual(patches(), [{ name: 'ci-edited' }, { description: 'after' }, { expiry_date: dateInDays(3) }, { expiry_date: null }]);

    row = await editRow('ci-edited');
    await row.getByLabel('Name').fill('');
    await row.getByRole('button', { name: 'Save' }).click();
    await shownError(page.locator('#keys-body .error-row .error'),
      { message: "Invalid parameter:  is not a valid value for parameter 'apiKeyInfo.name'", code: 'BalenaInvalidParameterError' });
    await shot(page, '08-edit-error');
    await page.keyboard.press('Escape');
    await rowNamed(page, 'ci-edited').waitFor();
    await finish();
  });

  test('the seeded demo shows every badge: expired, expires within 7 days, never, ok', async () => {
    const { page, finish } = await openDashboard();
    await connect(page);
    const badge = (name) => rowNamed(page, name).locator('.badge');
    const expected = { dashboard: ['never', 'never expires'], 'ci-deploy': ['ok', 'ok'],
      'release-bot': ['soon', 'expires within 7 days'], 'old-laptop': ['expired', 'expired'] };
    for (const [name, [kind, label]] of Object.entries(expected)) {
      assert.equal(await badge(name).getAttribute('data-status'), kind, name);
      assert.equal(await badge(name).textContent(), label, name);
    }
    await shot(page, '09-badges');
    await finish();
  });

  test('revoke asks first in the page: cancel and Escape keep the key, confirm deletes it', async () => {
    const { page, requests, finish } = await openDashboard();
    await connect(page);
    await createKey(page, { name: 'ci-revoke', expiry: null });
    await hideNewKey(page);
    const dialog = page.getByRole('dialog', { name: 'Revoke this API key?' });

    await page.getByRole('button', { name: 'Revoke ci-revoke' }).click();
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /“ci-revoke” stops working at once/);
    await shot(page, '10-revoke-confirm', { fullPage: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Revoke ci-revoke' }).press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(requests.filter(({ method }) => method === 'DELETE').length, 0);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Revoke ci-revoke', 'focus goes back');

    await page.getByRole('button', { name: 'Revoke ci-revoke' }).click();
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await rowNamed(page, 'ci-revoke').waitFor({ state: 'detached' });
    await page.locator('#list-status').getByText(/^Revoked “ci-revoke”/).waitFor();
    assert.equal(requests.filter(({ method }) => method === 'DELETE').length, 1);
    assert.match(requests.find(({ method }) => method === 'DELETE').url, /\/v7\/api_key\(\d+\)$/);
    await finish();
  });

  test('provisioning keys of an application by slug, uuid or id, and a not-found application', async () => {
    const { page, finish } = await openDashboard();
    await connect(page);
    const [app] = (await emulatorApi('v7/application?$select=id,slug,uuid')).d;
    await page.getByLabel('Show').selectOption('application');
    const target = page.getByLabel('Application slug, uuid or id');
    for (const which of [app.slug, app.uuid, String(app.id)]) {
      await target.fill(which);
      await page.getByRole('button', { name: 'Show keys' }).click();
      await page.locator('#keys-caption').getByText(`Provisioning keys of application ${which}`).waitFor();
      await page.locator('#keys-table:not([aria-busy])').waitFor();
      assert.equal(await rows(page).count(), 2, which);
    }
    await shot(page, '11-application-keys');

    await target.fill('demo/no-such-fleet');
    await page.getByRole('button', { name: 'Show keys' }).click();
    assert.equal(await shownError(page.locator('#list-error'), { message: 'Application not found: demo/no-such-fleet', code: 'BalenaApplicationNotFound' }),
      'Could not list the keys: Application not found: demo/no-such-fleet BalenaApplicationNotFound');
    await shot(page, '12-application-not-found');
    await finish();
  });

  test('API keys of a device by uuid or id, and an invalid device', async () => {
    const { page, finish } = await openDashboard();
    await connect(page);
    const [device] = (await emulatorApi('v7/device?$select=id,uuid')).d;
    await page.getByLabel('Show').selectOption('device');
    const target = page.getByLabel('Device uuid or id');
    for (const which of [device.uuid, String(device.id)]) {
      await target.fill(which);
      await page.getByRole('button', { name: 'Show keys' }).click();
      await page.locator('#keys-caption').getByText(`API keys of device ${which}`).waitFor();
      await page.locator('#keys-table:not([aria-busy])').waitFor();
      assert.equal(await rows(page).count(), 2, which);
    }
    await shot(page, '13-device-keys');
    await target.fill('abc');
    await page.getByRole('button', { name: 'Show keys' }).click();
    await page.locator('#list-error .error-code').getByText('BalenaInvalidParameterError').waitFor();
    await finish();
  });

  test('without the package the page says what is missing instead of staying blank', async () => {
    const site = await startStaticServer({ mounts: [['/', join(ROOT, 'www')]] });
    const page = await browser.newPage();
    try {
      await page.goto(site.url);
      const boot = page.locator('#boot');
      await boot.locator('.error-code').waitFor();
      assert.match(await boot.textContent(), /^Could not load balena-api-key-wasm from pkg\//);
      assert.ok(await page.locator('#connect').isHidden());
    } finally {
      await page.close();
      await site.close();
    }
  });

  test('phone width: keys as labelled cards, nothing wider than the screen', async () => {
    const { page, finish } = await openDashboard({ viewport: { width: 375, height: 740 } });
    await shot(page, '14-phone-connect');
    await connect(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    const firstCell = rows(page).first().locator('td').first();
    assert.equal(await firstCell.evaluate((td) => getComputedStyle(td, '::before').content), '"Name"');
    await shot(page, '15-phone-keys', { fullPage: false });
    await page.getByRole('button', { name: 'Edit dashboard' }).click();
    await shot(page, '16-phone-editing', { fullPage: false });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Check expiry' }).click();
    const expiringCell = page.locator('#expiring-body tr[data-key-id] td').first();
    await expiringCell.waitFor();
    assert.equal(await expiringCell.evaluate((td) => getComputedStyle(td, '::before').content), '"Kind"');
    assert.ok(await page.locator('#expiring-table thead').isHidden(), 'the expiry view says "Sort by" on a phone');
    const wider = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wider <= 0, `with the expiry view the page is ${wider}px wider than the screen`);
    await page.locator('#expiring-body tr[data-kind="device"]').screenshot({ path: join(SHOTS, '16b-phone-expiring.png') });
    await finish();
  });

  test('keyboard only: connect, create a key, copy it and hide it', async () => {
    const { page, finish } = await openDashboard();
    const focused = () => page.evaluate(() => document.activeElement?.id);
    const tabTo = async (id) => {
      for (let presses = 0; presses < 80 && (await focused()) !== id; presses++) await page.keyboard.press('Tab');
      assert.equal(await focused(), id);
    };
    assert.equal(await focused(), 'connect-button');
    await page.keyboard.press('Enter');
    await rows(page).first().waitFor();
    await tabTo('new-name');
    await page.keyboard.type('ci-keyboard');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'new-description');
    await page.keyboard.type('typed');
    await tabTo('new-never');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'create-button');
    await page.keyboard.press('Enter');
    await page.locator('#new-key').waitFor();
    assert.equal(await focused(), 'new-key');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'copy-key');
    await page.keyboard.press('Enter');
    await page.locator('#copy-status').getByText('Copied').waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'dismiss-key');
    await page.keyboard.press('Enter');
    await page.locator('#new-key').waitFor({ state: 'hidden' });
    assert.equal(await focused(), 'new-name');
    assert.equal(await rowNamed(page, 'ci-keyboard').locator('.badge').textContent(), 'never expires');
    await finish();
  });

  /** Whether the emulator accepts `key` as a credential (whoami answers 200). */
  async function accepted(key) {
    const response = await fetch(`${demo.apiUrl}/actor/v1/whoami`, { headers: { Authorization: `Bearer ${key}` } });
    return response.status === 200;
  }

  /** The user's named keys called `name`, over the API: id and description. */
  async function namedOverApi(name) {
    const { d } = await emulatorApi(`v7/api_key?$select=id,description&$filter=name eq '${name}'&$orderby=id asc`);
    return d;
  }

  /** Creates a named key through the form, hides it, and returns it with its id in the list. */
  async function createListedKey(page, { name, description }) {
    const key = await createKey(page, { name, description, expiry: null });
    await hideNewKey(page);
    return { key, id: Number(await rowNamed(page, name).getAttribute('data-key-id')) };
  }

  /** Opens the rotate dialog of the key called `name` and confirms. */
  async function rotate(page, name) {
    const dialog = page.getByRole('dialog', { name: 'Rotate this API key?' });
    await page.getByRole('button', { name: `Rotate ${name}` }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Rotate key' }).click();
    return dialog;
  }

  test('rotate: the new key is shown once, then the list has it under the same name and the old id is gone', async () => {
    const { page, requests, finish } = await openDashboard();
    await connect(page);
    const old = await createListedKey(page, { name: 'ci-rotate', description: 'rotated by the test' });
    const dialog = page.getByRole('dialog', { name: 'Rotate this API key?' });
    await page.getByRole('button', { name: 'Rotate ci-rotate' }).click();
    await dialog.waitFor();
    assert.equal(await page.locator('#confirm-text').textContent(), 'A new key named “ci-rotate”, with the same description and lifetime, '
      + 'replaces it. The old key is revoked: it stops working at once for everything that uses it.');
    await shot(page, '17-rotate-confirm', { fullPage: false });
    await dialog.getByRole('button', { name: 'Rotate key' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('#new-key').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'new-key');
    assert.equal(await page.locator('#new-key-title').textContent(), 'The new API key for “ci-rotate”');
    assert.equal(await page.locator('#new-key-note').textContent(), `It replaces key ${old.id}, which is revoked.`);
    const key = await page.locator('#new-key-value').textContent();
    assert.match(key, /^\S{16,}$/);
    assert.notEqual(key, old.key);
    await page.locator('#list-status').getByText(/^Rotated “ci-rotate”\. \d+ API keys$/).waitFor();
    await shot(page, '18-rotated');

    const listed = await rowNamed(page, 'ci-rotate').evaluateAll((rows) => rows.map((row) => Number(row.dataset.keyId)));
    assert.equal(listed.length, 1);
    assert.notEqual(listed[0], old.id);
    assert.match(await rowNamed(page, 'ci-rotate').textContent(), /rotated by the test/);
    assert.deepEqual(await namedOverApi('ci-rotate'), [{ id: listed[0], description: 'rotated by the test' }]);
    assert.equal(await accepted(key), true, 'the new key works');
    assert.equal(await accepted(old.key), false, 'the old key still works');
    assert.deepEqual(requests.filter(({ method }) => method === 'DELETE').map(({ url }) => new URL(url).pathname), [`/v7/api_key(${old.id})`]);

    await hideNewKey(page);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Edit ci-rotate');
    assert.ok(!(await page.content()).includes(key), 'the new key is still in the page');
    await finish();
  });

  test('rotate: when the old key cannot be revoked, the new key is still shown once and the old one is said to be valid', async () => {
    const { page, finish } = await openDashboard({ allowedErrors: [/status of 503/] });
    await connect(page);
    const old = await createListedKey(page, { name: 'ci-rotate-stuck', description: 'stays' });
    await page.route((url) => url.pathname === `/v7/api_key(${old.id})`, (route) => (route.request().method() === 'DELETE'
      ? route.fulfill({ status: 503, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': '*' }, body: '"maintenance"' })
      : route.continue()));
    await rotate(page, 'ci-rotate-stuck');
    await page.locator('#new-key').waitFor();
    const note = page.locator('#new-key-note');
    assert.equal(await note.textContent(), `The old key (id ${old.id}) is still valid: it could not be revoked (Request error: maintenance). `
      + 'Revoke it once nothing uses it any more.');
    assert.equal(await note.getAttribute('class'), 'error');
    await page.locator('#list-status').getByText(new RegExp(`^Rotated “ci-rotate-stuck”, but the old key ${old.id} is still valid\\. `)).waitFor();
    await shot(page, '19-rotate-incomplete');
    const key = await page.locator('#new-key-value').textContent();
    const overApi = await namedOverApi('ci-rotate-stuck');
    assert.deepEqual(overApi.map(({ description }) => description), ['stays', 'stays']);
    assert.equal(overApi[0].id, old.id);
    assert.deepEqual(await rowNamed(page, 'ci-rotate-stuck').evaluateAll((rows) => rows.map((row) => Number(row.dataset.keyId)).sort((a, b) => a - b)),
      overApi.map(({ id }) => id));
    assert.equal(await accepted(key), true, 'the new key works');
    assert.equal(await accepted(old.key), true, 'the old key was revoked');
    await page.unrouteAll();
    await hideNewKey(page);
    assert.ok(await note.isHidden());
    assert.ok(!(await page.content()).includes(key), 'the new key is still in the page');
    await finish();
  });

  test('rotate: when the new key cannot be made, the dialog says why and the old key stays', async () => {
    const { page, requests, finish } = await openDashboard({ allowedErrors: [/status of 500/] });
    await connect(page);
    const old = await createListedKey(page, { name: 'ci-rotate-refused' });
    await page.route((url) => url.pathname === '/api-key/user/full', (route) => route.fulfill({
      status: 500, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': '*' }, body: '"out of keys"' }));
    const dialog = await rotate(page, 'ci-rotate-refused');
    await shownError(dialog.locator('#confirm-error'), { message: 'Request error: out of keys', code: 'BalenaRequestError · HTTP 500' });
    assert.ok(await page.locator('#new-key').isHidden());
    await shot(page, '20-rotate-refused', { fullPage: false });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.unrouteAll();
    assert.equal(requests.filter(({ method }) => method === 'DELETE').length, 0);
    assert.deepEqual((await namedOverApi('ci-rotate-refused')).map(({ id }) => id), [old.id]);
    assert.equal(await accepted(old.key), true);
    await finish();
  });

  /** The rows of the expiry view as [kind, owner, name, badge] once it has loaded. */
  async function expiringRows(page) {
    await page.locator('#expiring-table:not([aria-busy])').waitFor();
    return page.locator('#expiring-body tr[data-key-id]').evaluateAll((rows) => rows.map((row) => [
      row.querySelector('[data-label="Kind"]').textContent,
      row.querySelector('[data-label="Owner"]').textContent,
      row.querySelector('[data-label="Name"]').textContent,
      row.querySelector('.badge').dataset.status,
    ]));
  }

  /** The seeded fleet's slug and its device's uuid. */
  async function seededOwners() {
    const [{ slug }] = (await emulatorApi('v7/application?$select=slug')).d;
    const [{ uuid }] = (await emulatorApi('v7/device?$select=uuid')).d;
    return { slug, uuid };
  }

  test('expiring soon: the seeded keys of all three kinds, with owners and badges, and progress while it reads', async () => {
    const { page, finish } = await openDashboard();
    await connect(page);
    const { slug, uuid } = await seededOwners();
    const view = page.getByRole('region', { name: 'Expiring soon' });
    assert.equal(await view.locator('.message-row').textContent(), 'Not checked yet: pick a window, or press “Check expiry”.');
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route((url) => url.pathname === '/v7/device', async (route) => {
      await held;
      await route.continue();
    });
    await view.getByRole('button', { name: 'Check expiry' }).click();
    const status = page.locator('#expiring-status');
    await status.getByText('Checking the provisioning keys of your fleets (1 fleet read): 0 found so far…').waitFor();
    assert.equal(await page.locator('#expiring-table').getAttribute('aria-busy'), 'true');
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    await shot(page, '21-expiring-progress');
    release();
    assert.deepEqual(await expiringRows(page), [
      ['User', 'you', 'old-laptop', 'expired'],
      ['User', 'you', 'release-bot', 'soon'],
      ['Device', `${uuid}of ${slug}`, '(no name)', 'soon'],
    ]);
    await page.unrouteAll();
    assert.equal(await status.textContent(), '3 keys expired or expiring within 7 days (1 expired)');
    assert.deepEqual(await view.getByRole('columnheader').allTextContents(), ['Kind', 'Owner', 'Name', 'Expiry', 'Actions']);
    await shot(page, '22-expiring');
    await finish();
  });

  test('expiring soon: the window picks the rows, 7, 30 or 90 days', async () => {
    const sixty = await emulatorApi('api-key/user/full', { method: 'POST', body: { name: 'ci-sixty-days', expiryDate: dateInDays(60) } });
    const { page, finish } = await openDashboard();
    await connect(page);
    const { slug, uuid } = await seededOwners();
    const picker = page.getByLabel('Expired, or expiring within');
    /** Picks a window and resolves the names of the rows it shows. */
    const pick = async (days) => {
      await picker.selectOption(String(days));
      await page.locator('#expiring-caption').getByText(`API keys expired or expiring within ${days} days`).waitFor();
      return (await expiringRows(page)).map(([kind, owner, name]) => `${kind} ${owner} ${name}`);
    };
    const seven = ['User you old-laptop', 'User you release-bot', `Device ${uuid}of ${slug} (no name)`];

    assert.deepEqual(await pick(30), [...seven, `Provisioning ${slug} (no name)`]);
    assert.equal(await page.locator('#expiring-body tr[data-kind="provisioning"] .badge').textContent(), 'ok');
    assert.deepEqual(await pick(90), [...seven, `Provisioning ${slug} (no name)`, 'User you ci-sixty-days']);
    await shot(page, '23-expiring-90-days');
    assert.deepEqual(await pick(7), seven);
    await emulatorApi(`v7/api_key(${(await namedOverApi('ci-sixty-days'))[0].id})`, { method: 'DELETE' });
    assert.equal(await accepted(sixty), false);
    await finish();
  });

  test('expiring soon: a key rotated or revoked in the list is checked again in the view', async () => {
    await emulatorApi('api-key/user/full', { method: 'POST', body: { name: 'ci-expiring-change', expiryDate: dateInDays(3) } });
    const [{ id: oldId }] = await namedOverApi('ci-expiring-change');
    const { page, finish } = await openDashboard();
    await connect(page);
    await page.getByRole('region', { name: 'Expiring soon' }).getByRole('button', { name: 'Check expiry' }).click();
    const viewRow = (id) => page.locator(`#expiring-body tr[data-key-id="${id}"]`);
    await viewRow(oldId).waitFor();
    const keyList = page.locator('#keys-table');
    await keyList.getByRole('button', { name: 'Rotate ci-expiring-change' }).click();
    await page.getByRole('dialog', { name: 'Rotate this API key?' }).getByRole('button', { name: 'Rotate key' }).click();
    await hideNewKey(page);
    const [{ id: newId }] = await namedOverApi('ci-expiring-change');
    await viewRow(newId).waitFor();
    assert.equal(await viewRow(oldId).count(), 0);
    await keyList.getByRole('button', { name: 'Revoke ci-expiring-change' }).click();
    await page.getByRole('dialog', { name: 'Revoke this API key?' }).getByRole('button', { name: 'Revoke key' }).click();
    await viewRow(newId).waitFor({ state: 'detached' });
    await page.locator('#expiring-status').getByText('3 keys expired or expiring within 7 days (1 expired)').waitFor();
    await finish();
  });

  test('expiring soon: revoking from the view asks first, then removes the key there, in the list and in the API', async () => {
    await emulatorApi('api-key/user/full', { method: 'POST', body: { name: 'ci-expiring-revoke', expiryDate: dateInDays(2) } });
    const [{ id: userKey }] = await namedOverApi('ci-expiring-revoke');
    const [device] = (await emulatorApi('v7/device?$select=id,actor')).d;
    await emulatorApi(`api-key/device/${device.id}/device-key`, { method: 'POST', body: { expiryDate: dateInDays(1) } });
    const [{ id: deviceKey }] = (await emulatorApi(`v7/api_key?$select=id&$filter=is_of__actor eq ${device.actor.__id}&$orderby=id desc&$top=1`)).d;
    const exists = async (id) => (await emulatorApi(`v7/api_key(${id})?$select=id`)).d.length === 1;
    const { page, finish } = await openDashboard();
    await connect(page);
    await page.getByRole('region', { name: 'Expiring soon' }).getByRole('button', { name: 'Check expiry' }).click();
    const viewRow = (id) => page.locator(`#expiring-body tr[data-key-id="${id}"]`);
    await viewRow(userKey).waitFor();
    await rowNamed(page, 'ci-expiring-revoke').waitFor();
    assert.deepEqual((await expiringRows(page)).map(([kind, , name]) => `${kind} ${name}`),
      ['User old-laptop', 'Device (no name)', 'User ci-expiring-revoke', 'User release-bot', 'Device (no name)']);
    const dialog = page.getByRole('dialog', { name: 'Revoke this API key?' });
    const confirmText = page.locator('#confirm-text');

    await viewRow(deviceKey).getByRole('button', { name: `Revoke device key ${deviceKey}` }).click();
    assert.equal(await confirmText.textContent(), `“device key ${deviceKey}” stops working at once for everything that uses it. This cannot be undone.`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await exists(deviceKey), true, 'cancel revoked the key');
    await viewRow(deviceKey).getByRole('button', { name: `Revoke device key ${deviceKey}` }).click();
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await viewRow(deviceKey).waitFor({ state: 'detached' });
    assert.equal(await exists(deviceKey), false);

    await viewRow(userKey).getByRole('button', { name: 'Revoke ci-expiring-revoke' }).click();
    assert.equal(await confirmText.textContent(), '“ci-expiring-revoke” stops working at once for everything that uses it. This cannot be undone.');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await viewRow(userKey).waitFor({ state: 'detached' });
    await page.locator('#expiring-status').getByText('Revoked “ci-expiring-revoke”. 3 keys expired or expiring within 7 days (1 expired)').waitFor();
    await rowNamed(page, 'ci-expiring-revoke').waitFor({ state: 'detached' });
    assert.equal(await exists(userKey), false);
    await shot(page, '24-expiring-revoked');
    await finish();
  });
});
