// The npm package as users get it: `npm pack` of pkg/ (built by `make
// build`), installed offline into a fresh folder, then used from child
// processes exactly as the README shows:
// - `require('balena-api-key-wasm')` (CommonJS: synchronous, no init call);
// - `import balena, { getSdk } from 'balena-api-key-wasm'` (Node ESM, no
//   init call, the default export the same functions);
// each running tests/browser/pages/checks.mjs: getSdk, a real pine.compile
// (pinejs-client-core's string is the expectation; in Node it works before
// `ready` too), a real models.apiKey.getAll against a loopback API
// (request-target, Authorization, X-Balena-Client, rows), a rejection's stack
// naming the caller, the errors export with instanceof, a 500 turned into
// BalenaRequestError, and getToken after logout.
// Also: the tarball's exact file list (no unused file), the LICENSE, the
// source map of browser.mjs, and `tsc` resolving the package's types through
// its `exports` from an installed .mts and .cts file.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  API_KEY_ROWS,
  COMPILE_PARAMS,
  GET_ALL_TARGET,
  PACKAGE_NAME,
  TOKEN,
  assertCompileSteps,
  assertErrorSteps,
  assertStep,
  expectedCompile,
  packAndInstall,
  root,
  run,
  startApiServer,
} from '../browser/support.mjs';

const CHILD_TIMEOUT_MS = 30_000;
const checksUrl = pathToFileURL(join(root, 'tests/browser/pages/checks.mjs')).href;
const version = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8')).version;

// The user code of each host: load the package (the main entry, or the
// extras entry) its own way, run the checks, print the report as the last
// line of stdout.
const cjsScript = (specifier) => `
const mod = require('${specifier}');
const loadedSync = typeof mod.getSdk === 'function' && typeof mod.then !== 'function';
const resolved = require.resolve('${specifier}');
const extras = Object.keys(mod.getSdk({ dataDirectory: false }).extras?.apiKey ?? {});
import(${JSON.stringify(checksUrl)})
  .then(({ runChecks }) => runChecks(mod, JSON.parse(process.argv[2])))
  .then((report) => console.log(JSON.stringify({ loadedSync, resolved, extras, report })));
`;
const esmScript = (specifier) => `
import balena, { getSdk, errors, ready } from '${specifier}';
import * as namespace from '${specifier}';
import { runChecks } from ${JSON.stringify(checksUrl)};
const resolved = import.meta.resolve('${specifier}');
const defaultExport = Object.keys(balena).sort();
const sameAsNamed = balena.getSdk === getSdk && balena.errors === errors && balena.ready === ready;
const extras = Object.keys(getSdk({ dataDirectory: false }).extras?.apiKey ?? {});
const report = await runChecks({ getSdk, errors, ready }, JSON.parse(process.argv[2]));
console.log(JSON.stringify({ exports: Object.keys(namespace).sort(), defaultExport, sameAsNamed, resolved, extras, report }));
`;
const EXTRAS_ENTRY = `${PACKAGE_NAME}/extras`;
const HOSTS = [
  { script: 'cjs.cjs', label: 'require (CommonJS)', source: cjsScript(PACKAGE_NAME), subpath: '.', condition: 'require', extras: [] },
  { script: 'esm.mjs', label: 'import (Node ESM)', source: esmScript(PACKAGE_NAME), subpath: '.', condition: 'import', extras: [] },
  { script: 'extras.cjs', label: 'require of the extras entry', source: cjsScript(EXTRAS_ENTRY), subpath: './extras', condition: 'require', extras: ['create', 'rotate', 'getExpiring'] },
  { script: 'extras.mjs', label: 'import of the extras entry', source: esmScript(EXTRAS_ENTRY), subpath: './extras', condition: 'import', extras: ['create', 'rotate', 'getExpiring'] },
];

let installation;
let api;
let expectedUrl;

before(async () => {
  expectedUrl = expectedCompile();
  installation = await packAndInstall('install');
  for (const { script, source } of HOSTS) {
    writeFileSync(join(installation.appDir, script), source);
  }
  api = await startApiServer();
});

after(async () => {
  await api?.close();
  if (installation && !process.env.KEEP_PACKAGE_TMP) rmSync(installation.base, { recursive: true, force: true });
});

function runChild(script) {
  return new Promise((resolve, reject) => {
    const config = JSON.stringify({ apiUrl: api.url, token: TOKEN, compileParams: COMPILE_PARAMS });
    execFile(process.execPath, [join(installation.appDir, script), config], { cwd: installation.appDir, timeout: CHILD_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${script} failed: ${error.message}\n${stdout}\n${stderr}`));
        const last = stdout.trim().split('\n').pop();
        try {
          resolve({ ...JSON.parse(last), stderr });
        } catch {
          reject(new Error(`${script} printed no report:\n${stdout}\n${stderr}`));
        }
      });
  });
}

/** The file pkg/package.json's `exports[subpath].node[condition]` points at, without its `./`. */
function exportTarget(subpath, condition) {
  const manifest = JSON.parse(readFileSync(join(installation.installed, 'package.json'), 'utf8'));
  const target = manifest.exports[subpath].node[condition];
  return (typeof target === 'string' ? target : target.default).slice(2);
}

/** `file` (a path in the installed package) and every file it requires relatively, transitively. */
function requiredFrom(file, found = new Set()) {
  if (found.has(file)) return found;
  found.add(file);
  const source = readFileSync(join(installation.installed, file), 'utf8');
  for (const [, path] of source.matchAll(/require\((?:String\.raw)?['"`](\.{1,2}\/[^'"`]+)['"`]\)/g)) {
    requiredFrom(posix.join(posix.dirname(file), path), found);
  }
  return found;
}

/** The command (bin) and its modules. */
const CLI_FILES = ['cli.mjs', ...['command-line', 'errors', 'main', 'progress', 'revoke-keys', 'session', 'table', 'usage', 'words'].map((name) => `cli/${name}.mjs`),
  ...['create', 'expiring', 'list', 'revoke', 'rotate', 'update'].map((name) => `cli/commands/${name}.mjs`)];

/** The files the tarball must hold, besides what the Node glue requires. */
const PACKED = ['CHANGELOG.md', 'LICENSE', 'README.md', 'browser.mjs', 'browser.mjs.map', 'dist/balena_api_key_bg.wasm',
  'dist/node/balena_api_key.js', 'index.cjs', 'index.d.mts', 'index.d.ts', 'index.mjs', 'package.json',
  'extras-browser.mjs', 'extras-browser.mjs.map', 'dist/extras/balena_api_key_bg.wasm', 'dist/extras/node/balena_api_key.js',
  'extras.cjs', 'extras.d.mts', 'extras.d.ts', 'extras.mjs', ...CLI_FILES];

test('the tarball holds the entries, the types, the Node glue with the snippets it requires, the wasm and nothing else', async () => {
  const { stdout } = await run('tar', ['-tzf', installation.tarball]);
  const files = stdout.trim().split('\n').map((line) => line.replace(/^package\//, '')).sort();
  const glue = [...requiredFrom('dist/node/balena_api_key.js'), ...requiredFrom('dist/extras/node/balena_api_key.js')];
  assert.deepEqual(files, [...new Set([...PACKED, ...glue])].sort());
  const manifest = JSON.parse(readFileSync(join(installation.installed, 'package.json'), 'utf8'));
  const values = (node) => (typeof node === 'string' ? [node] : Object.values(node).flatMap(values));
  const targets = values(manifest.exports).map((target) => target.slice(2));
  for (const file of [...targets, manifest.main.slice(2), manifest.types.slice(2), manifest.module.slice(2), manifest.browser.slice(2)]) {
    assert.ok(files.includes(file), `${file} (named in package.json) is not in the tarball`);
  }
});

test('the LICENSE is the Apache-2.0 text that package.json names', () => {
  const license = readFileSync(join(installation.installed, 'LICENSE'), 'utf8');
  assert.match(license, /^\s*Apache License\s+Version 2\.0, January 2004/);
  assert.match(license, /END OF TERMS AND CONDITIONS/);
  assert.equal(JSON.parse(readFileSync(join(installation.installed, 'package.json'), 'utf8')).license, 'Apache-2.0');
});

test('browser.mjs is minified with a source map holding its sources', () => {
  const bundle = readFileSync(join(installation.installed, 'browser.mjs'), 'utf8');
  assert.ok(bundle.trimEnd().endsWith('//# sourceMappingURL=browser.mjs.map'), 'browser.mjs names its map');
  const map = JSON.parse(readFileSync(join(installation.installed, 'browser.mjs.map'), 'utf8'));
  assert.equal(map.version, 3);
  assert.equal(map.sources.length, map.sourcesContent.length);
  for (const source of ['pkg/src/browser.mjs', 'src/boundary/js/sdk.js', 'src/boundary/js/encode.js', 'wasm-bindgen/balena_api_key.js']) {
    assert.ok(map.sources.includes(source), `${source} is not among the map's sources: ${map.sources}`);
  }
  const inlineWasm = map.sourcesContent[map.sources.indexOf('wasm-bindgen/wasm.mjs')];
  assert.ok(inlineWasm.length < 200, `the map carries the wasm's base64 a second time (${inlineWasm.length} characters)`);
});

for (const { script, label, subpath, condition, extras } of HOSTS) {
  describe(`installed package through ${label}`, () => {
    let result;
    let requestsBefore;

    before(async () => {
      requestsBefore = api.requests.length;
      result = await runChild(script);
    });

    test('loads from the installed folder with no init call, and getSdk returns the sdk synchronously', () => {
      assert.ok(result.resolved.includes(`node_modules/${PACKAGE_NAME}/`), `resolved to ${result.resolved}`);
      assert.ok(result.resolved.endsWith(exportTarget(subpath, condition)), `${result.resolved}: not the ${condition} export`);
      assert.deepEqual(result.extras, extras, 'extras.apiKey');
      if (condition === 'require') {
        assert.equal(result.loadedSync, true, 'require() gave getSdk synchronously');
      } else {
        assert.deepEqual(result.exports, ['default', 'errors', 'getSdk', 'ready']);
        assert.deepEqual(result.defaultExport, ['errors', 'getSdk', 'ready']);
        assert.equal(result.sameAsNamed, true, 'the default export holds the named exports');
      }
      const sdk = assertStep(result.report.getSdk, 'getSdk');
      assert.equal(sdk.isPromise, false);
      assert.deepEqual(sdk.auth, ['getActorId', 'getToken', 'isLoggedIn', 'loginWithToken', 'logout', 'whoami']);
      assert.deepEqual(sdk.apiKey, ['create', 'getAll', 'getAllNamedUserApiKeys', 'getDeviceApiKeysByDevice',
        'getProvisioningApiKeysByApplication', 'revoke', 'update']);
      for (const method of ['compile', 'delete', 'get', 'patch', 'post']) assert.ok(sdk.pine.includes(method), `pine.${method}`);
    });

    test('pine.compile returns what pinejs-client-core returns, before `ready` too, and throws a plain Error on bad options', () => {
      assert.deepEqual(assertStep(result.report.compileBeforeReady, 'compile before ready'), { value: expectedUrl });
      assert.equal(assertStep(result.report.ready, 'ready'), undefined);
      assertCompileSteps(result.report, expectedUrl);
    });

    test("a rejection's stack names the function that made the call", () => {
      assert.deepEqual(assertStep(result.report.callerFrames, 'caller frames'), { isRequestError: true, namesCaller: true });
    });

    test('models.apiKey.getAll sends the reference request and resolves the rows', () => {
      assert.deepEqual(assertStep(result.report.getAll, 'getAll'), API_KEY_ROWS);
      const sent = api.requests.slice(requestsBefore).filter((req) => req.method !== 'OPTIONS');
      const request = sent.find((req) => req.target === GET_ALL_TARGET);
      assert.ok(request, `no GET ${GET_ALL_TARGET} among ${sent.map((req) => `${req.method} ${req.target}`).join(', ')}`);
      assert.equal(request.method, 'GET');
      assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(request.headers['x-balena-client'], `${PACKAGE_NAME}/${version}`);
      assert.equal(request.headers['content-type'], undefined, 'no Content-Type without a body');
      assert.equal(request.body, '');
    });

    test('errors: the eight classes shared with sdk.errors, BalenaRequestError from a 500, BalenaNotLoggedIn after logout', () => {
      assertErrorSteps(result.report);
    });
  });
}

test('tsc finds the types through the installed package\'s exports (ESM and CommonJS)', async () => {
  const dir = installation.appDir;
  writeFileSync(join(dir, 'types-esm.mts'), `import { getSdk, errors } from '${PACKAGE_NAME}';
const sdk = getSdk({ dataDirectory: false });
export const url: string = sdk.pine.compile({ resource: 'api_key' });
export const isClass: boolean = new errors.BalenaNotLoggedIn() instanceof errors.BalenaNotLoggedIn;
// @ts-expect-error revoke takes a number
sdk.models.apiKey.revoke('1');
`);
  writeFileSync(join(dir, 'types-cjs.cts'), `import sdkModule = require('${PACKAGE_NAME}');
const sdk = sdkModule.getSdk({ dataDirectory: false });
export const keys: Promise<Array<{ id: number }>> = sdk.models.apiKey.getAll({ $select: 'id' });
// @ts-expect-error getAll takes an options object
sdk.models.apiKey.getAll(5);
`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [], lib: ['es2022', 'dom'] },
    files: ['types-esm.mts', 'types-cjs.cts'],
  }));
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  await run(process.execPath, [tsc, '-p', dir, '--traceResolution'], { cwd: dir }).then(({ stdout }) => {
    assert.match(stdout, new RegExp(`'${PACKAGE_NAME}' was successfully resolved to '[^']*node_modules/${PACKAGE_NAME}/index\\.d\\.mts'`));
    assert.match(stdout, new RegExp(`'${PACKAGE_NAME}' was successfully resolved to '[^']*node_modules/${PACKAGE_NAME}/index\\.d\\.ts'`));
  }, (error) => assert.fail(`tsc failed in the installed folder:\n${error.message.split('--- stderr')[0].split('\n').filter((l) => l.includes('error')).join('\n') || error.message}`));
});
