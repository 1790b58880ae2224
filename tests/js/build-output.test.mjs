// scripts/build.mjs rewrites wasm-bindgen's output: it renames the glue's
// imports to short names in the wasm and in the glue, and points the glue at
// the one shared wasm. These checks fail loudly if wasm-bindgen's output
// changes shape under the rewrite (a rename missed, a name that no longer
// matches between the two sides), and when the wasm links what it keeps out.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const dist = new URL('../../pkg/dist/', import.meta.url);
const wasmBytes = readFileSync(new URL('balena_api_key_bg.wasm', dist));
const wasm = new WebAssembly.Module(wasmBytes);
const imports = WebAssembly.Module.imports(wasm);
const glueModule = './balena_api_key_bg.js';
const nodeGlue = readFileSync(new URL('node/balena_api_key.js', dist), 'utf8');

test('every import of the generated glue has a short name', () => {
  const glueImports = imports.filter((entry) => entry.module === glueModule);
  assert.ok(glueImports.length > 40, `only ${glueImports.length} glue imports: did the import section change shape?`);
  const long = glueImports.filter((entry) => !/^[a-zA-Z]{1,2}$/.test(entry.name)).map((entry) => entry.name);
  assert.deepEqual(long, [], 'imports the rename left alone');
});

test('each renamed import is provided by the Node glue under the same name', () => {
  for (const { module, name } of imports.filter((entry) => entry.module === glueModule)) {
    assert.match(nodeGlue, new RegExp(`\\b${name}: ?function`), `${module}:${name} missing from the glue`);
  }
});

test('the glue loads the shared wasm and instantiates it', async () => {
  assert.ok(nodeGlue.includes('/../balena_api_key_bg.wasm'), 'the glue points at dist/balena_api_key_bg.wasm');
  const { createRequire } = await import('node:module');
  const glue = createRequire(import.meta.url)('../../pkg/dist/node/balena_api_key.js');
  assert.equal(typeof glue.getSdk, 'function');
});

test("the wasm does not link core's str-slice panic message (src/pine/slice.rs)", () => {
  // `&text[a..b]` on a str links the message's formatting of chars and
  // ranges and core's Unicode tables, about 10 KB; its text is a witness.
  assert.equal(wasmBytes.includes('is not a char boundary'), false);
});
