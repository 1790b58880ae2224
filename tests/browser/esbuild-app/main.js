// An app bundled by esbuild as an ES module, with the configuration
// pkg/README.md gives (package-browser.test.mjs runs it). It copies
// ../pages/checks.mjs and ../pages/render.mjs next to this file.
import { errors, getSdk, ready } from 'balena-api-key-wasm';
import { runChecks } from './checks.mjs';
import { config, publish } from './render.mjs';

publish('bundled by esbuild', await runChecks({ getSdk, errors, ready }, config()));
