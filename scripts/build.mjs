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

// The snippets (src/boundary/js/*.js) are ES modules; the Node glue `require`s them,
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

// wasm-bindgen names each import it generates `__wbg_<name>_<16 hex digits>`:
// about 1.6 KB of the gzipped wasm and as much again in the glue, where the
// hashes do not compress. They are renamed to short names (`a`, `b`, …) in
// the wasm's import section and in both glues, where each is one key of the
// imports object; a name found other than exactly once in a glue stays.
function shortenImportNames(wasmFile, glueFiles) {
  const bytes = readFileSync(wasmFile);
  const glues = glueFiles.map((file) => readFileSync(file, 'utf8'));
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const encodeLeb = (value) => {
    const out = [];
    do {
      let byte = value % 128;
      value = Math.floor(value / 128);
      if (value > 0) byte |= 0x80;
      out.push(byte);
    } while (value > 0);
    return Buffer.from(out);
  };
  const text = () => {
    const length = leb();
    at += length;
    return bytes.subarray(at - length, at).toString('utf8');
  };
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const shortName = (n) => (n < 52 ? alphabet[n] : shortName(Math.floor(n / 52) - 1) + alphabet[n % 52]);
  while (at < bytes.length) {
    const sectionStart = at;
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id !== 2) {
      at = end;
      continue;
    }
    const parts = [];
    const count = leb();
    parts.push(encodeLeb(count));
    let renamed = 0;
    for (let i = 0; i < count; i++) {
      const module = text();
      let name = text();
      const descriptorStart = at;
      const kind = bytes[at++];
      if (kind === 0) leb();
      else if (kind === 1) { at++; if (bytes[at++] & 1) { leb(); } leb(); }
      else if (kind === 2) { if (bytes[at++] & 1) { leb(); } leb(); }
      else if (kind === 3) at += 2;
      else throw new Error(`${wasmFile}: import kind ${kind} is not handled`);
      const pattern = new RegExp(`\\b${name}\\b`, 'g');
      if (module === `./${stem}_bg.js` && glues.every((glue) => (glue.match(pattern) ?? []).length === 1)) {
        const short = shortName(renamed++);
        for (let g = 0; g < glues.length; g++) glues[g] = glues[g].replace(pattern, short);
        name = short;
      }
      for (const field of [module, name]) {
        const encoded = Buffer.from(field, 'utf8');
        parts.push(encodeLeb(encoded.length), encoded);
      }
      parts.push(bytes.subarray(descriptorStart, at));
    }
    const body = Buffer.concat(parts);
    const section = Buffer.concat([Buffer.from([2]), encodeLeb(body.length), body]);
    writeFileSync(wasmFile, Buffer.concat([bytes.subarray(0, sectionStart), section, bytes.subarray(end)]));
    glueFiles.forEach((file, g) => writeFileSync(file, glues[g]));
    return renamed;
  }
  return 0;
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
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-multivalue', '--strip-producers', '--strip-target-features',
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
const renamed = shortenImportNames(join(dist, `${stem}_bg.wasm`), [join(dist, 'node', `${stem}.js`), join(dist, 'web', `${stem}.js`)]);
console.log(`[build] ${renamed} import names shortened`);
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
