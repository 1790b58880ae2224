// A cargo runner for `cargo test --target wasm32-unknown-unknown` that runs
// the wasm-bindgen tests in headless Chromium driven by Playwright.
//
// wasm-bindgen-test-runner serves the test page (its interactive mode) and
// this script drives the browser instead of chromedriver. The runner's small
// HTTP server sometimes never answers one of several module requests that
// arrive at once (the page load then hangs: about one run in three here,
// with chromedriver and with Playwright alike), so the page's requests are
// passed to it one at a time.
//
// Usage (what the Makefile does):
//   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="node tests/browser/wasm-test-runner.mjs" \
//     cargo test --target wasm32-unknown-unknown --test wasm
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { launchChromium } from './support.mjs';

const LOAD_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 120_000;

/** A loopback port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts wasm-bindgen-test-runner in server mode and resolves once it serves. */
async function startTestServer(args) {
  const port = await freePort();
  const child = spawn('wasm-bindgen-test-runner', args, {
    env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_USE_BROWSER: '1', WASM_BINDGEN_TEST_ADDRESS: `127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      if (log.includes('available at')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`wasm-bindgen-test-runner exited (${code}) before serving:\n${log}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/** Makes the page send its requests to the test server one at a time. */
async function serializeRequests(page) {
  let previous = Promise.resolve();
  await page.route('**/*', (route) => {
    const response = previous.then(() => route.fetch());
    previous = response.catch(() => {});
    return response.then((fetched) => route.fulfill({ response: fetched }), () => route.abort());
  });
}

/** Opens the test page and returns the harness output once the tests finished. */
async function runInPage(browser, url) {
  const page = await browser.newPage();
  await serializeRequests(page);
  await page.goto(url, { timeout: LOAD_TIMEOUT_MS });
  await page.waitForFunction(() => document.body.innerText.includes('test result: '), null, { timeout: RUN_TIMEOUT_MS });
  return page.innerText('#output');
}

const server = await startTestServer(process.argv.slice(2));
let browser;
let output = '';
try {
  browser = await launchChromium();
  console.log('Running the wasm tests in headless Chromium (Playwright)');
  output = await runInPage(browser, server.url);
  console.log(output);
} catch (error) {
  console.error(error);
} finally {
  await browser?.close();
  server.stop();
}
process.exitCode = /test result: ok\./.test(output) ? 0 : 1;
