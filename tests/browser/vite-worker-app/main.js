// A Vite app whose module Web Worker imports the installed package (Vite's
// default worker format, iife, has no top-level await). The page posts its
// work at once: the worker must receive it.
import { config, publish } from './render.mjs';

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
worker.onmessage = ({ data }) => publish('module Web Worker bundled by Vite', data);
worker.onerror = (event) => publish('module Web Worker bundled by Vite', { worker: { ok: false, error: `worker error: ${event.message}` } });
worker.postMessage(config());
