// A webpack 5 app in webpack's default layout (src/index.js → dist/main.js),
// built with no configuration but the mode. package-browser.test.mjs copies
// ../pages/checks.mjs and ../pages/render.mjs next to this file.
import { errors, getSdk, ready } from 'balena-api-key-wasm';
import { runChecks } from './checks.mjs';
import { config, publish } from './render.mjs';

runChecks({ getSdk, errors, ready }, config()).then((report) => publish('bundled by webpack 5', report));
