// Builds the npm package in pkg/: the crate to wasm, wasm-bindgen glue for
// Node (CommonJS, loads synchronously) and for browsers (ESM), one wasm file
// optimised by binaryen's wasm-opt from npm (Debian's breaks the module).
//
// Output (ignored by git): pkg/dist/balena_api_key_bg.wasm, pkg/dist/node/,
// pkg/dist/web/, and pkg/dist/browser.mjs: the web glue, the snippets and the
// start-up in one minified ES module, which is what pkg/browser.mjs loads (a
// browser then fetches two files, and the fewest bytes). The entry files in
// pkg/ are written by hand.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stem = 'balena_api_key';
const built = join(root, 'target/wasm32-unknown-unknown/release', `${stem}.wasm`);
const staging = join(root, 'target/bindgen');
const dist = join(root, 'pkg/dist');
const wasmOpt = join(root, 'node_modules/.bin/wasm-opt');

function run(command, args) {
  console.log(`[build] ${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// The snippets (src/js/*.js) are ES modules; the Node glue `require`s them,
// which Node before 20.19 cannot do, so their import/export lines become
// CommonJS. They are written in a plain style this rewrite understands.
function snippetToCommonJs(source) {
  const exported = [];
  const body = source
    .replace(/^import \{([^}]*)\} from ('[^']+');$/gm, 'const {$1} = require($2);')
    .replace(/^export (function|class|const) ([A-Za-z_$][\w$]*)/gm, (_, kind, name) => {
      exported.push(name);
      return `${kind} ${name}`;
    });
  if (/^\s*(import|export)\b/m.test(body)) {
    throw new Error('a snippet uses an import/export form the CommonJS rewrite does not handle');
  }
  return `${body}\nObject.assign(exports, { ${exported.join(', ')} });\n`;
}

// Both glues point at the one optimised wasm in pkg/dist.
function pointAtSharedWasm(file, from, to) {
  const source = readFileSync(file, 'utf8');
  if (!source.includes(from)) {
    throw new Error(`${file}: expected to find ${from}`);
  }
  writeFileSync(file, source.replace(from, to));
}

if (!existsSync(wasmOpt)) {
  throw new Error('node_modules/.bin/wasm-opt is missing: run scripts/setup.sh (npm ci installs binaryen)');
}
// Without the `std` feature: the crate's own allocator and panic handler (src/runtime.rs).
run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--no-default-features']);
rmSync(staging, { recursive: true, force: true });
for (const target of ['nodejs', 'web']) {
  run('wasm-bindgen', ['--target', target, '--out-dir', join(staging, target), '--out-name', stem, built]);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
run(wasmOpt, ['-Oz', '--enable-reference-types', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-multivalue',
  join(staging, 'nodejs', `${stem}_bg.wasm`), '-o', join(dist, `${stem}_bg.wasm`)]);

for (const [target, folder] of [['nodejs', 'node'], ['web', 'web']]) {
  const out = join(dist, folder);
  cpSync(join(staging, target), out, { recursive: true, filter: (path) => !path.endsWith('.wasm') && !path.endsWith('.wasm.d.ts') });
}
pointAtSharedWasm(join(dist, 'node', `${stem}.js`), `\`\${__dirname}/${stem}_bg.wasm\``, `\`\${__dirname}/../${stem}_bg.wasm\``);
pointAtSharedWasm(join(dist, 'web', `${stem}.js`), `new URL('${stem}_bg.wasm', import.meta.url)`, `new URL('../${stem}_bg.wasm', import.meta.url)`);
for (const file of walk(join(dist, 'node')).filter((path) => path.includes('/snippets/'))) {
  writeFileSync(file, snippetToCommonJs(readFileSync(file, 'utf8')));
}
writeFileSync(join(dist, 'web', 'package.json'), '{ "type": "module" }\n');
writeFileSync(join(dist, 'node', 'package.json'), '{ "type": "commonjs" }\n');

// The browser bundle: what pkg/browser.mjs re-exports. Class names are kept
// (the error classes' `name` is their class name); the wasm stays a file
// next to the bundle, found through `import.meta.url` as in the web glue.
const entry = join(staging, 'browser-entry.mjs');
writeFileSync(entry, [
  `import init, { getSdk, errorClasses } from ${JSON.stringify(join(dist, 'web', `${stem}.js`))};`,
  'await init();',
  'export { getSdk };',
  'export const errors = errorClasses();',
  '',
].join('\n'));
await build({
  input: entry,
  logLevel: 'warn',
  output: {
    file: join(dist, 'browser.mjs'),
    format: 'esm',
    minify: {
      compress: { keepNames: { class: true, function: false } },
      mangle: { keepNames: { class: true, function: false } },
    },
  },
});
pointAtSharedWasm(join(dist, 'browser.mjs'), `\`../${stem}_bg.wasm\``, `\`./${stem}_bg.wasm\``);

const size = statSync(join(dist, `${stem}_bg.wasm`)).size;
console.log(`[build] pkg/dist/${stem}_bg.wasm: ${size} bytes`);
