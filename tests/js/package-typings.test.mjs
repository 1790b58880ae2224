// The package's TypeScript declarations (pkg/index.d.ts), checked with the
// workspace's `tsc`:
// - tests/typings/sample.ts uses every export as README users do, and its
//   `@ts-expect-error` lines prove wrong calls are rejected (an expected error
//   that does not happen is itself an error);
// - tests/typings/misspellings.ts misspells api_key's field names in $select,
//   $filter, $orderby, $expand and pine calls: each line must be an error;
// - tests/typings/balena-sdk-compat.ts is user code written for balena-sdk:
//   it must type-check against balena-sdk@23.2.15's typings and against ours.
// Needs no build: only the .d.ts files are read.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const TIMEOUT_MS = 60_000;

function typeCheck(project) {
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', project], { cwd: root, timeout: TIMEOUT_MS },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? error.signal) : 0, output: `${stdout}${stderr}`.trim() }));
  });
}

test('typescript is installed (npm ci)', () => {
  assert.ok(existsSync(tsc), `${tsc} is missing: run npm ci`);
});

test('sample.ts type-checks and every @ts-expect-error line is rejected', { timeout: TIMEOUT_MS }, async () => {
  const { code, output } = await typeCheck('tests/typings/tsconfig.json');
  assert.equal(code, 0, `tsc -p tests/typings reported:\n${output}`);
});

test('a misspelled api_key field in $select, $filter, $orderby or $expand does not type-check', { timeout: TIMEOUT_MS }, async () => {
  const { code, output } = await typeCheck('tests/typings/tsconfig.misspellings.json');
  assert.equal(code, 0, `misspellings that type-check (unused @ts-expect-error) or other errors:\n${output}`);
});

test('code written for balena-sdk type-checks against balena-sdk itself', { timeout: TIMEOUT_MS }, async () => {
  const { code, output } = await typeCheck('tests/typings/tsconfig.balena-sdk.json');
  assert.equal(code, 0, `against balena-sdk's typings:\n${output}`);
});

test('code written for balena-sdk type-checks against this package', { timeout: TIMEOUT_MS }, async () => {
  const { code, output } = await typeCheck('tests/typings/tsconfig.compat.json');
  assert.equal(code, 0, `against pkg/index.d.ts:\n${output}`);
});
