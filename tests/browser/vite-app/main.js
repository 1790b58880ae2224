// A Vite app that depends on the installed package like any user app does,
// through its default export. package-browser.test.mjs copies this folder,
// with ../pages/checks.mjs and ../pages/render.mjs, into a temp folder and
// runs `vite build` there.
import balena from 'balena-api-key-wasm';
import { runChecks } from './checks.mjs';
import { config, publish } from './render.mjs';

publish('bundled by Vite', await runChecks(balena, config()));
