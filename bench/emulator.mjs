// Resource figures of the api-emulator binary under hostile and heavy
// requests, each on a fresh emulator on 127.0.0.1:
//   expand      peak memory (VmHWM) and time of a depth-N `$expand` of an
//               actor with 6 keys: N levels of its keys, with their actor
//               between two levels, 2N-1 nested `$expand`s in all
//               (N = BENCH_EXPAND_DEPTH, default 8, a 500-byte URL);
//   bombs       whoami latency (BENCH_WHOAMI_SAMPLES sequential calls,
//               default 10) while two 9-level `any()` lambda bombs run (the
//               actor has 9 keys), and the emulator's CPU time in the 2 s
//               after the bombs' clients have gone;
//   concurrent  200 concurrent whoami (session token, user API key, and a
//               wrong token) with 10,000 keys in the store.
//
//   node bench/emulator.mjs [expand] [bombs] [concurrent]
//
// API_EMULATOR_BIN picks the binary (default target/release/api-emulator).
// Every request has a deadline, and the emulator is killed once its
// resident memory passes BENCH_RSS_CAP_MB (default 6144), so a run always
// ends. Figures are printed as a table and as JSON.
import { readFileSync } from 'node:fs';
import { startEmulator, EMULATOR_BIN } from '../tests/js/helpers/emulator.mjs';
import { median, wallMs } from './lib/stats.mjs';

const SCENARIOS = { expand, bombs, concurrent };
const RSS_CAP_MB = Number(process.env.BENCH_RSS_CAP_MB ?? 6144);
const EXPAND_DEPTH = Number(process.env.BENCH_EXPAND_DEPTH ?? 8);
const WHOAMI_SAMPLES = Number(process.env.BENCH_WHOAMI_SAMPLES ?? 10);
const REQUEST_DEADLINE_MS = 300_000;
const WHOAMI_DEADLINE_MS = 120_000;

/** `/proc/<pid>/status` figures in MB: peak and current resident memory. */
function memoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

/** The CPU time (user + system) the process has used, in seconds. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Kills the emulator once its resident memory passes the cap; `stop()` ends the watch. */
function watchMemory(emulator) {
  const state = { killed: false };
  const timer = setInterval(() => {
    try {
      if (memoryMb(emulator.pid).now > RSS_CAP_MB) {
        state.killed = true;
        process.kill(emulator.pid, 'SIGKILL');
      }
    } catch {
      clearInterval(timer);
    }
  }, 50);
  state.stop = () => clearInterval(timer);
  return state;
}

/** One request: `{ status, ms, bytes }`, or `{ error, ms }` when it failed or hit its deadline. */
async function timed(url, { token, signal, deadline = REQUEST_DEADLINE_MS, method = 'GET', body } = {}) {
  const started = wallMs();
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(deadline)]) : AbortSignal.timeout(deadline),
    });
    const text = await response.text();
    return { status: response.status, ms: wallMs() - started, bytes: text.length, text };
  } catch (error) {
    return { error: error.cause?.code ?? error.name, ms: wallMs() - started };
  }
}

/** Creates `count` named keys of the session's user, `parallel` at a time; returns their secrets. */
async function createKeys(emulator, count, parallel = 8) {
  const secrets = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const name = `bench-${next++}`;
      const reply = await emulator.api('/api-key/user/full', { method: 'POST', body: { name } });
      if (reply.status !== 200) throw new Error(`creating ${name}: ${reply.status} ${JSON.stringify(reply.body)}`);
      secrets.push(reply.body);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return secrets;
}

/** The session user's actor id. */
async function actorId(emulator) {
  return (await emulator.api('/actor/v1/whoami')).body.id;
}

/** `api_key($select=id;$expand=is_of__actor($select=id;$expand=…))`, `depth` api_key levels. */
function nestedExpand(depth) {
  return depth === 1
    ? 'api_key($select=id)'
    : `api_key($select=id;$expand=is_of__actor($select=id;$expand=${nestedExpand(depth - 1)}))`;
}

async function expand() {
  const emulator = await startEmulator();
  try {
    await createKeys(emulator, 3);
    const actor = await actorId(emulator);
    const before = memoryMb(emulator.pid);
    const watch = watchMemory(emulator);
    const reply = await timed(`${emulator.url}/v7/actor(${actor})?$select=id&$expand=${nestedExpand(EXPAND_DEPTH)}`, { token: emulator.token });
    watch.stop();
    const after = watch.killed ? { peak: NaN, now: NaN } : memoryMb(emulator.pid);
    const label = `depth-${EXPAND_DEPTH} $expand (${2 * EXPAND_DEPTH - 1} nested)`;
    return {
      [`${label}: answer`]: reply.error ?? `${reply.status}, ${reply.bytes} bytes${reply.status === 400 ? `: ${reply.text}` : ''}`,
      [`${label}: time (ms)`]: Math.round(reply.ms),
      [`${label}: peak RSS (MB)`]: watch.killed ? `> ${RSS_CAP_MB} (killed at the cap)` : Math.round(after.peak),
      [`${label}: RSS before / after (MB)`]: `${Math.round(before.now)} / ${Math.round(after.now)}`,
    };
  } finally {
    await emulator.stop();
  }
}

/** A 9-level `any()` over the keys of each key's actor, innermost `false`. */
function lambdaBomb(levels = 9) {
  let body = 'false';
  for (let level = levels; level >= 1; level--) {
    const from = level === 1 ? '' : `v${level - 1}/`;
    body = `${from}is_of__actor/api_key/any(v${level}:${body})`;
  }
  return `/v7/api_key?$select=id&$filter=${body}`;
}

/** `count` sequential whoami latencies (ms) and any failures. */
async function whoamiLatencies(emulator, count) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const reply = await timed(`${emulator.url}/actor/v1/whoami`, { token: emulator.token, deadline: WHOAMI_DEADLINE_MS });
    samples.push(reply.error ? `${reply.error} after ${Math.round(reply.ms)}` : reply.ms);
  }
  return samples;
}

const describeLatencies = (samples) => {
  const numbers = samples.filter((s) => typeof s === 'number');
  const failed = samples.length - numbers.length;
  if (numbers.length === 0) return `all ${failed} failed (${samples[0]} ms)`;
  const text = `median ${median(numbers).toFixed(1)}, max ${Math.max(...numbers).toFixed(1)} (n=${samples.length})`;
  return failed ? `${text}, ${failed} failed` : text;
};

async function bombs() {
  const emulator = await startEmulator();
  try {
    await createKeys(emulator, 6);
    const idle = await whoamiLatencies(emulator, WHOAMI_SAMPLES);
    const abort = new AbortController();
    const bombReplies = [1, 2].map(() => timed(emulator.url + lambdaBomb(), { token: emulator.token, signal: abort.signal }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = await whoamiLatencies(emulator, WHOAMI_SAMPLES);
    abort.abort();
    const answers = await Promise.all(bombReplies);
    const cpuAtAbort = cpuSeconds(emulator.pid);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const cpuAfter = cpuSeconds(emulator.pid);
    const afterwards = await whoamiLatencies(emulator, WHOAMI_SAMPLES);
    return {
      'whoami before the bombs (ms)': describeLatencies(idle),
      'whoami while two lambda bombs run (ms)': describeLatencies(during),
      'lambda bombs: answers': answers.map((a) => (a.error ? `${a.error} after ${Math.round(a.ms)} ms` : `${a.status} after ${Math.round(a.ms)} ms`)).join('; '),
      'CPU seconds in the 2 s after the bombs ended or were aborted': (cpuAfter - cpuAtAbort).toFixed(2),
      'whoami after the bombs (ms)': describeLatencies(afterwards),
    };
  } finally {
    await emulator.stop();
  }
}

/** 200 concurrent GETs of whoami with `token`: total wall ms, statuses, median and max latency. */
async function concurrentWhoami(emulator, token) {
  const started = wallMs();
  const replies = await Promise.all(Array.from({ length: 200 }, () => timed(`${emulator.url}/actor/v1/whoami`, { token, deadline: WHOAMI_DEADLINE_MS })));
  const total = wallMs() - started;
  const statuses = [...new Set(replies.map((r) => r.status ?? r.error))].join('/');
  const latencies = replies.map((r) => r.ms);
  return `${Math.round(total)} ms total, median ${Math.round(median(latencies))}, max ${Math.round(Math.max(...latencies))} (${statuses})`;
}

async function concurrent() {
  const emulator = await startEmulator();
  try {
    const started = wallMs();
    const secrets = await createKeys(emulator, 10_000 - 9);
    const createdMs = wallMs() - started;
    await concurrentWhoami(emulator, emulator.token); // warm-up: connections and caches
    return {
      'creating 9,991 keys (8 at a time), s': (createdMs / 1000).toFixed(1),
      '200 concurrent whoami, 10,000 keys, session token': await concurrentWhoami(emulator, emulator.token),
      '200 concurrent whoami, 10,000 keys, user API key': await concurrentWhoami(emulator, secrets.at(-1)),
      '200 concurrent whoami, 10,000 keys, unknown token': await concurrentWhoami(emulator, 'no-such-token'),
    };
  } finally {
    await emulator.stop();
  }
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in SCENARIOS));
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}
console.log(`binary: ${EMULATOR_BIN}`);
const figures = {};
for (const name of wanted.length > 0 ? wanted : Object.keys(SCENARIOS)) {
  Object.assign(figures, await SCENARIOS[name]());
}
for (const [label, value] of Object.entries(figures)) console.log(`| ${label} | ${value} |`);
console.log(JSON.stringify(figures));
