// The child side of the stubbed-fetch measurements (per-call overhead, the
// 5,000-row page): globalThis.fetch answers at once with a fixed body, and is
// installed before either library loads (balena-request keeps the global
// fetch it finds at load time as its default).
import { SIDES, QUERY, TOKEN, digest, loggedInSdk, queryUrl } from './sides.mjs';
import { timeSequential } from './stats.mjs';

const STUB_API = 'https://api.bench.invalid/';

/** The node flags of a stubbed child: gc() between the timed loops. */
export const STUBBED_NODE_ARGS = ['--expose-gc'];

/**
 * Replaces globalThis.fetch with a stub that answers every request with
 * `body` as application/json; returns its log: `{ count, first }` where
 * `first` is the first request's URL (normalised) and Authorization.
 */
export function installStubFetch(body) {
  const log = { count: 0, first: null };
  const headers = { 'content-type': 'application/json; charset=utf-8' };
  globalThis.fetch = async (url, init = {}) => {
    log.count++;
    if (log.first === null) {
      const sent = new Headers(init.headers);
      log.first = { url: new URL(String(url)).href, method: init.method ?? 'GET', authorization: sent.get('authorization') };
    }
    return new Response(body, { status: 200, headers });
  };
  return log;
}

/**
 * In this process (started with STUBBED_NODE_ARGS): stub fetch with
 * `{ d: rows }`, load `side`, log in, warm up, then `rounds` times a loop of
 * `calls` raw fetch + json and a loop of `calls` getAll(QUERY). Answers the
 * loop times (ms), the fastest of each, how many requests each getAll loop
 * made, the library's first request and digests of the results.
 */
export async function stubbedLoops({ side, rows, calls, rounds, warmup }) {
  const stub = installStubFetch(JSON.stringify({ d: rows }));
  const sdk = await loggedInSdk(side, STUB_API);
  const loginRequests = stub.count;
  const url = queryUrl(STUB_API);
  let libResult;
  let rawResult;
  const viaLibrary = async () => { libResult = await sdk.models.apiKey.getAll(QUERY); };
  const viaRawFetch = async () => { rawResult = (await (await fetch(url)).json()).d; };
  const libRequests = [];
  const counted = async (count) => {
    const before = stub.count;
    const ms = await timeSequential(viaLibrary, count);
    libRequests.push(stub.count - before);
    return ms;
  };
  await counted(warmup);
  const first = stub.first;
  await timeSequential(viaRawFetch, warmup);
  const libMs = [];
  const rawMs = [];
  // a collection before each loop, so that neither pays for the other's
  // garbage, and the order swapped every round
  const loops = [
    async () => rawMs.push(await timeSequential(viaRawFetch, calls)),
    async () => libMs.push(await counted(calls)),
  ];
  for (let round = 0; round < rounds; round++) {
    for (const loop of round % 2 === 0 ? loops : [...loops].reverse()) {
      globalThis.gc?.();
      await loop();
    }
  }
  return {
    side: SIDES[side].label,
    calls,
    warmup,
    // the fastest round of each: the one least disturbed by other processes
    libMsPerLoop: Math.min(...libMs),
    rawMsPerLoop: Math.min(...rawMs),
    libMs,
    rawMs,
    loginRequests,
    libRequests,
    first,
    rows: libResult.length,
    libDigest: digest(libResult),
    rawDigest: digest(rawResult),
  };
}

/**
 * The sanity checks of stubbed runs (`{ side: [answer per run] }`): every
 * getAll made exactly one request, login made none, both sides sent the same
 * request with the token, and returned exactly the rows the raw fetch did.
 * Returns a list of failures (empty when all is well).
 */
export function checkStubbed(runsBySide, expectedRows) {
  const failures = [];
  const firsts = new Set();
  for (const [side, runs] of Object.entries(runsBySide)) {
    for (const run of runs) {
      if (run.loginRequests !== 0) failures.push(`${side}: login made ${run.loginRequests} requests`);
      const expected = [run.warmup, ...Array(run.libRequests.length - 1).fill(run.calls)];
      if (run.libRequests.join() !== expected.join()) failures.push(`${side}: getAll loops made ${run.libRequests} requests, expected ${expected}`);
      if (run.libDigest !== run.rawDigest) failures.push(`${side}: getAll rows differ from the raw fetch + json rows`);
      if (run.rows !== expectedRows) failures.push(`${side}: getAll returned ${run.rows} rows, expected ${expectedRows}`);
      if (run.first.authorization !== `Bearer ${TOKEN}`) failures.push(`${side}: request without the API key: ${run.first.authorization}`);
      firsts.add(`${run.first.method} ${run.first.url}`);
    }
  }
  if (firsts.size !== 1) failures.push(`the sides sent different requests: ${[...firsts].join(' | ')}`);
  return failures;
}
