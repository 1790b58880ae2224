// Browser payload: gzip -9 bytes of every file a browser loads to call
// models.apiKey, found by following the import graph from pkg/browser.mjs
// (static imports and re-exports, import('…'), new URL('…', import.meta.url)),
// against balena-sdk's prebuilt es2017/balena-browser.min.js. The wasm is in
// the graph either as a file or inside the entry (raw-deflated, inflated by a
// DecompressionStream).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseSync } from 'vite';
import { PKG_DIR } from './lib/sides.mjs';

const require = createRequire(import.meta.url);
const ENTRY = resolve(PKG_DIR, 'browser.mjs');
const REFERENCE = require.resolve('balena-sdk/es2017/balena-browser.min.js');

/** gzip -9 of some bytes: GNU gzip when there is one (-n: no name or time stamp), else zlib at level 9. */
function gzip9(bytes) {
  try {
    return { size: execFileSync('gzip', ['-9', '-n', '-c'], { input: bytes, maxBuffer: 64 * 1024 * 1024 }).length, tool: 'gzip -9 -n' };
  } catch {
    return { size: gzipSync(bytes, { level: 9 }).length, tool: 'zlib level 9' };
  }
}

/** Raw and gzip -9 sizes of one file, and the tool that compressed it. */
function sizes(file) {
  const bytes = readFileSync(file);
  const { size, tool } = gzip9(bytes);
  return { bytes: bytes.length, gzip: size, tool };
}

/** The value of a string literal or of a template literal without substitutions, else undefined. */
function staticString(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
}

const isImportMetaUrl = (node) => node?.type === 'MemberExpression' && node.object?.type === 'MetaProperty'
  && node.object.meta?.name === 'import' && node.object.property?.name === 'meta' && node.property?.name === 'url';

/**
 * The specifiers a JS module makes the browser load, each `{ specifier, how }`:
 * static imports and `export … from`, `import('literal')`, and
 * `new URL('literal', import.meta.url)`. Either of the last two with a
 * computed specifier throws: the graph could not be followed.
 */
export function loadsOf(source, file) {
  const { program, errors } = parseSync(file, source, { sourceType: 'module' });
  if (errors.length > 0) throw new Error(`${file}: ${errors[0].message}`);
  const found = [];
  const visit = (node) => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
        if (node.source && node.importKind !== 'type' && node.exportKind !== 'type') found.push({ specifier: node.source.value, how: 'import' });
        break;
      case 'ImportExpression':
        if (staticString(node.source) === undefined) throw new Error(`${file}: import() of a computed specifier at ${node.start}`);
        found.push({ specifier: staticString(node.source), how: 'import()' });
        break;
      case 'NewExpression':
        if (node.callee?.name === 'URL' && isImportMetaUrl(node.arguments[1])) {
          if (staticString(node.arguments[0]) === undefined) throw new Error(`${file}: new URL(…, import.meta.url) of a computed path at ${node.start}`);
          found.push({ specifier: staticString(node.arguments[0]), how: 'new URL' });
        }
        break;
      default:
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'type' && typeof value === 'object') visit(value);
    }
  };
  visit(program);
  return found;
}

/**
 * Every file reachable from `entry` (absolute path), in discovery order, each
 * `{ file, how }`. Only relative references can be followed (and served as
 * they are); a bare specifier or an absolute URL throws.
 */
export function importGraph(entry) {
  const seen = new Map([[entry, 'entry']]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift();
    if (!['.js', '.mjs'].includes(extname(file))) continue;
    for (const { specifier, how } of loadsOf(readFileSync(file, 'utf8'), file)) {
      // a module specifier must be ./ or ../; a URL is relative unless it has a scheme or a leading /
      const relativeRef = how === 'new URL' ? !/^([a-z][a-z0-9+.-]*:|\/)/i.test(specifier) : /^\.{1,2}\//.test(specifier);
      if (!relativeRef) throw new Error(`${file} loads '${specifier}', which cannot be followed inside the package`);
      const target = resolve(dirname(file), specifier);
      if (!seen.has(target)) {
        seen.set(target, how);
        queue.push(target);
      }
    }
  }
  return [...seen].map(([file, how]) => ({ file, how }));
}

/** Whether the payload holds the wasm: a .wasm file, or the entry inflating one it carries. */
function carriesWasm(files) {
  return files.some((file) => file.file.endsWith('.wasm'))
    || /DecompressionStream\(["'`]deflate-raw["'`]\)/.test(readFileSync(ENTRY, 'utf8'));
}

/** The browser payload of both sides: one table row, and the per-file breakdown. */
export async function measure() {
  const files = importGraph(ENTRY).map(({ file, how }) => {
    const { bytes, gzip } = sizes(file);
    return { file: relative(PKG_DIR, file), how, bytes, gzip };
  });
  const total = (key) => files.reduce((sum, file) => sum + file[key], 0);
  const reference = sizes(REFERENCE);
  const single = (value) => ({ median: value, min: value, max: value, n: 1, samples: [value] });
  const ratio = total('gzip') / reference.gzip;
  return {
    rows: [{
      id: 'payload',
      measurement: `Browser payload, gzip -9 bytes (${files.length} files from pkg/browser.mjs vs balena-browser.min.js)`,
      ours: single(total('gzip')),
      reference: single(reference.gzip),
      ratio,
      ratioOf: 'ours / balena-sdk',
      target: { op: '<=', value: 0.35 },
      notes: [`raw bytes: ours ${total('bytes').toLocaleString('en')}, balena-sdk ${reference.bytes.toLocaleString('en')}; compressed with ${reference.tool}`],
      checks: carriesWasm(files) ? [] : ['the wasm is neither a file of the import graph nor inside the entry'],
    }],
    breakdown: [...files, { file: 'total', how: '', bytes: total('bytes'), gzip: total('gzip') }],
  };
}
