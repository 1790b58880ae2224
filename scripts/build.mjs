// Builds the npm package in pkg/, twice over: the main entry's build (the
// drop-in surface) and the `extras` entry's (the same plus `extras.apiKey`,
// the crate's `extras` feature), so that drop-in users do not download the
// helpers. Each build is the crate compiled to wasm, optimised by binaryen's
// wasm-opt from npm (Debian's breaks the module), wasm-bindgen glue for Node
// (CommonJS, loads synchronously) and a browser entry.
//
// Output (ignored by git), per build: the wasm (pkg/dist/balena_api_key_bg.wasm,
// pkg/dist/extras/…), the Node glue next to it in node/ (which pkg/index.cjs
// and pkg/extras.cjs load), and the browser entry with its source map
// (pkg/browser.mjs, pkg/extras-browser.mjs): pkg/src/browser.mjs bundled with
// the web glue, its snippets, the build's pkg/src/variant-*.mjs and the wasm
// (raw-deflated, in base64) into one minified ES module, so a browser fetches
// that one file. The other entry files in pkg/ are written by hand.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateAsync } from '@gfx/zopfli';
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
/** The two builds: what they are called, their cargo features, where their
 * wasm and Node glue go (under pkg/), and their browser entry. */
const VARIANTS = [
  { name: 'drop-in', features: [], dir: 'dist', entry: 'browser.mjs' },
  { name: 'extras', features: ['--features', 'extras'], dir: 'dist/extras', entry: 'extras-browser.mjs' },
];

rmSync(dist, { recursive: true, force: true });
for (const variant of VARIANTS) {
  await buildVariant(variant);
}

/** Builds one variant of the package; see the top of this file. */
async function buildVariant({ name, features, dir, entry }) {
  const out = join(root, 'pkg', dir);
  const stage = join(staging, name);
  // Without the `std` feature: the crate's own allocator and panic handler (src/runtime.rs).
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--no-default-features', ...features]);
  rmSync(stage, { recursive: true, force: true });
  for (const target of ['nodejs', 'web']) {
    run('wasm-bindgen', ['--target', target, '--out-dir', join(stage, target), '--out-name', stem, built]);
  }

  mkdirSync(out, { recursive: true });
  const wasm = join(out, `${stem}_bg.wasm`);
  // `--low-memory-unused`: the Rust linker puts the stack first, below 1 MiB,
  // and it grows down from there, so the low 1 KB is never a live address and
  // binaryen may fold added constants into load/store offsets. `--converge`
  // repeats -Oz while it still shrinks the module.
  run(wasmOpt, ['-Oz', '--converge', '--low-memory-unused', '--enable-reference-types', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
    '--enable-sign-ext', '--enable-mutable-globals', '--enable-multivalue', '--strip-producers', '--strip-target-features',
    join(stage, 'nodejs', `${stem}_bg.wasm`), '-o', wasm]);

  // The Node glue and its snippets, without the wasm (shared, one folder up) or
  // typings (the package's own are pkg/index.d.ts).
  const nodeGlue = join(out, 'node', `${stem}.js`);
  cpSync(join(stage, 'nodejs'), join(out, 'node'), { recursive: true, filter: (path) => !/\.(wasm|d\.ts)$/.test(path) });
  pointAtSharedWasm(nodeGlue, `\`\${__dirname}/${stem}_bg.wasm\``, `\`\${__dirname}/../${stem}_bg.wasm\``);
  for (const file of walk(join(out, 'node')).filter((path) => path.includes('/snippets/'))) {
    writeFileSync(file, snippetToCommonJs(readFileSync(file, 'utf8')));
  }
  const webGlue = join(stage, 'web', `${stem}.js`);
  const renamed = shortenImportNames(wasm, [nodeGlue, webGlue]);
  console.log(`[build] ${name}: ${renamed} import names shortened`);

  // The wasm as the browser entry carries it (`#wasm`): raw-deflated by
  // zopfli, about 6% smaller than gzip -9 makes it, then in base64, whose 64
  // letters a server's gzip codes in about 6 bits each, so over a gzipped link
  // the text costs little more than the deflated bytes would.
  const inlineWasm = join(stage, 'web', 'wasm.mjs');
  const deflated = await deflateAsync(readFileSync(wasm), { numiterations: 15 });
  writeFileSync(inlineWasm, `export default ${JSON.stringify(Buffer.from(deflated).toString('base64'))};\n`);

  // The browser entry: pkg/src/browser.mjs with the web glue, its snippets,
  // the variant module and the wasm in one module. Class names are kept (the
  // error classes' `name` is their class name). The glue's own `init`, with
  // its `new URL(…)` of the wasm, is left out as unused: bundlers must find
  // no file to emit beside the entry.
  const sdkSnippet = walk(join(stage, 'web', 'snippets')).find((path) => path.endsWith('/sdk.js'));
  const browserEntry = join(root, 'pkg', entry);
  await build({
    input: join(root, 'pkg/src/browser.mjs'),
    logLevel: 'warn',
    resolve: { alias: { '#glue': webGlue, '#sdk': sdkSnippet, '#variant': join(root, `pkg/src/variant-${name}.mjs`), '#wasm': inlineWasm } },
    output: {
      file: browserEntry,
      format: 'esm',
      sourcemap: true,
      sourcemapPathTransform: (source, mapFile) => sourceName(join(dirname(mapFile), source), stage),
      minify: {
        compress: { keepNames: { class: true, function: false } },
        mangle: { keepNames: { class: true, function: false } },
      },
    },
  });
  dropInlineWasmSource(`${browserEntry}.map`);
  if (readFileSync(browserEntry, 'utf8').includes('import.meta.url')) {
    throw new Error(`pkg/${entry} must not use import.meta.url: it loads no file of its own`);
  }
  console.log(`[build] pkg/${dir}/${stem}_bg.wasm: ${statSync(wasm).size} bytes (${deflated.length} raw-deflated in pkg/${entry})`);
}

/** The source map lists `wasm-bindgen/wasm.mjs`, the wasm in base64, as a
 * source: its text would be a second copy of the wasm in the map. It gets a
 * one-line stand-in. */
function dropInlineWasmSource(mapFile) {
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const index = map.sources.indexOf('wasm-bindgen/wasm.mjs');
  if (index < 0) throw new Error(`${mapFile}: no wasm-bindgen/wasm.mjs among the sources`);
  map.sourcesContent[index] = 'export default "…"; // the wasm, raw-deflated, in base64 (left out of the source map)\n';
  writeFileSync(mapFile, JSON.stringify(map));
}

/** A source's name in the source map: its path in this repository, the glue
 * as `wasm-bindgen/…` and the snippets by their own path. */
function sourceName(path, stage) {
  const inRepo = relative(root, path);
  const inStaging = relative(join(stage, 'web'), path);
  if (inStaging.startsWith('..')) return inRepo;
  return inStaging.startsWith('snippets/') ? inStaging.split('/').slice(2).join('/') : `wasm-bindgen/${inStaging}`;
}
