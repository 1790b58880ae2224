// Fast first call: in headless Chromium over a Fast-3G-like link (150 ms
// latency, 200,000 B/s down, upload not limited; CDP
// Network.emulateNetworkConditions, cache off), the time from navigation to
// the first resolved models.apiKey.getAll() of a page that logs in with an
// API key, for this package (pkg/browser.mjs, which carries the wasm; no
// preload hints) and for
// balena-sdk's browser bundle (es2017/balena-browser.min.js), each served
// gzipped by a loopback static server with a loopback API (CORS) beside it.
// The page with pkg/README's preload hints is measured too, as a note.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { API_KEY_ROWS, TOKEN, launchChromium, startApiServer } from '../tests/browser/support.mjs';
import { alternate } from './lib/child.mjs';
import { PKG_DIR } from './lib/sides.mjs';
import { summarise } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const REFERENCE_BUNDLE = require.resolve('balena-sdk/es2017/balena-browser.min.js');
/** The link: Chrome DevTools' parameters, bytes per second. */
export const LINK = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: -1 };
const PAGE_TIMEOUT_MS = 60_000;

/** The measuring script of every page: `first()` resolves the rows of the first getAll. */
const measureScript = (first) => `
  const api = new URLSearchParams(location.search).get('api');
  ${first}
    .then((rows) => { window.__result = { ms: performance.now(), rows }; })
    .catch((error) => { window.__result = { error: String(error) }; });`;

const PAGES = {
  ours: `<!doctype html><html><head><meta charset="utf-8"><title>first call</title></head><body>
<script type="module">
  import { getSdk } from './pkg/browser.mjs';
  const sdk = getSdk({ apiUrl: new URLSearchParams(location.search).get('api'), dataDirectory: false });
  ${measureScript(`sdk.auth.loginWithToken('${TOKEN}').then(() => sdk.models.apiKey.getAll())`)}
</script></body></html>`,
  'balena-sdk': `<!doctype html><html><head><meta charset="utf-8"><title>first call</title></head><body>
<script src="./balena-browser.min.js"></script>
<script>
  const sdk = balenaSdk.getSdk({ apiUrl: new URLSearchParams(location.search).get('api'), dataDirectory: false });
  ${measureScript(`sdk.auth.loginWithToken('${TOKEN}').then(() => sdk.models.apiKey.getAll())`)}
</script></body></html>`,
};
PAGES['ours-with-hints'] = PAGES.ours.replace('<title>first call</title>', `<title>first call</title>
<link rel="modulepreload" href="./pkg/browser.mjs">`);

const TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript', '.js': 'text/javascript' };

/** Serves the pages, pkg/ and balena-sdk's bundle on loopback, gzipped (compressed once, up front), never cached. */
async function startSite() {
  const files = new Map([
    ['/pkg/browser.mjs', join(PKG_DIR, 'browser.mjs')],
    ['/balena-browser.min.js', REFERENCE_BUNDLE],
  ].map(([path, file]) => [path, readFileSync(file)]));
  for (const [side, html] of Object.entries(PAGES)) files.set(`/${side}.html`, Buffer.from(html));
  const gzipped = new Map([...files].map(([path, bytes]) => [path, gzipSync(bytes, { level: 9 })]));
  const served = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const body = gzipped.get(path);
    if (!body) return res.writeHead(404, { Connection: 'close' }).end();
    served.push(path);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(path)],
      'Content-Encoding': 'gzip',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, served, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** One cold load of `side`'s page over the link: ms from navigation to the first resolved getAll. */
async function firstCall(browser, site, api, side) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', LINK);
    await page.goto(`${site.url}${side}.html?api=${encodeURIComponent(api.url)}`, { timeout: PAGE_TIMEOUT_MS });
    await page.waitForFunction(() => window.__result, null, { timeout: PAGE_TIMEOUT_MS });
    const result = await page.evaluate(() => window.__result);
    if (result.error) throw new Error(`${side}: ${result.error}`);
    return result;
  } finally {
    await context.close();
  }
}

/** Time to the first resolved getAll on both sides (and with hints): one table row. */
export async function measure({ runs }) {
  const api = await startApiServer();
  const site = await startSite();
  const browser = await launchChromium({ timeout: PAGE_TIMEOUT_MS });
  try {
    const bySide = await alternate(Object.keys(PAGES), runs, (side) => firstCall(browser, site, api, side));
    const ms = (side) => summarise(bySide[side].map((run) => run.ms));
    const ours = ms('ours');
    const reference = ms('balena-sdk');
    const hinted = ms('ours-with-hints');
    const checks = Object.entries(bySide).flatMap(([side, results]) => results
      .filter((result) => JSON.stringify(result.rows) !== JSON.stringify(API_KEY_ROWS))
      .map(() => `${side}: getAll did not resolve the server's rows`));
    return {
      rows: [{
        id: 'first-call',
        measurement: 'First call in Chromium over Fast 3G (150 ms, 200,000 B/s, gzip, cache off), ms from navigation to the first resolved `getAll`',
        ours,
        reference,
        ratio: ours.median / reference.median,
        ratioOf: 'ours / balena-sdk, no preload hints',
        target: { op: '<=', value: 0.7 },
        notes: [`with pkg/README's preload hints: ${hinted.median.toFixed(0)} ms (${hinted.min.toFixed(0)}–${hinted.max.toFixed(0)}), ${(hinted.median / reference.median).toFixed(2)} of balena-sdk's`],
        checks,
      }],
      runs: bySide,
    };
  } finally {
    await browser.close();
    await site.close();
    await api.close();
  }
}
