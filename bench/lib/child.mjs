// Fresh child processes for the measurements: a measurement module runs
// itself as a child (`node bench/x.mjs <args>`), answers with one JSON line
// on stdout, and the parent alternates the sides over the runs.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { wallMs } from './stats.mjs';

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl) {
  return process.argv[1] === fileURLToPath(moduleUrl);
}

/**
 * The arguments a measurement module was started with as a child; without
 * them (started by hand) it says how to run it and exits.
 */
export function childArgs(moduleUrl, count) {
  const args = process.argv.slice(2);
  if (args.length < count) {
    const name = fileURLToPath(moduleUrl).replace(/.*\/(.*)\.mjs$/, '$1');
    console.error(`${name}.mjs runs as a child of the runner: node bench/run.mjs ${name}`);
    process.exit(2);
  }
  return args;
}

/** Writes a child's answer: one JSON line on stdout (the parent reads the last line). */
export function reply(value) {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * Runs `node <module> ...args` in a fresh process and resolves with the JSON
 * of the last line it printed (plus `wallMs`, spawn to exit). stderr passes
 * through; a non-zero exit rejects.
 */
export function runChild(moduleUrl, args = [], { nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const started = wallMs();
    const child = spawn(process.execPath, [...nodeArgs, fileURLToPath(moduleUrl), ...args.map(String)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const elapsed = wallMs() - started;
      const last = out.trim().split('\n').pop();
      if (code !== 0) {
        reject(new Error(`${fileURLToPath(moduleUrl)} ${args.join(' ')} exited with ${code ?? signal}`));
        return;
      }
      try {
        resolve({ ...JSON.parse(last), wallMs: elapsed });
      } catch {
        reject(new Error(`${fileURLToPath(moduleUrl)} ${args.join(' ')} printed no JSON answer: ${out.slice(-500)}`));
      }
    });
  });
}

/**
 * Runs `runOne(side, round)` for every side over `runs` rounds, one at a
 * time, alternating the order each round (A B, B A, ...) so neither side
 * always goes first. Resolves with `{ [side]: [result per round] }`.
 */
export async function alternate(sides, runs, runOne) {
  const results = Object.fromEntries(sides.map((side) => [side, []]));
  for (let round = 0; round < runs; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) results[side].push(await runOne(side, round));
  }
  return results;
}

/**
 * Starts `node <module> ...args` as a long-running service: resolves, once
 * it printed its first JSON line, with `{ answer, stop }`; `stop()` ends
 * that process (by its pid) and resolves when it has exited.
 */
export function startService(moduleUrl, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(moduleUrl), ...args.map(String)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((done) => child.once('exit', done));
    const stop = () => {
      child.kill();
      return exited;
    };
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', function firstLine(chunk) {
      out += chunk;
      const end = out.indexOf('\n');
      if (end === -1) return;
      child.stdout.off('data', firstLine);
      child.stdout.resume();
      try {
        resolve({ answer: JSON.parse(out.slice(0, end)), stop });
      } catch (error) {
        stop();
        reject(error);
      }
    });
    child.once('error', reject);
    exited.then((code) => reject(new Error(`${fileURLToPath(moduleUrl)} exited (${code}) before answering`)));
  });
}
