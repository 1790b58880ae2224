#!/usr/bin/env node
// Lists your named balena API keys that expire within N days (already
// expired ones included, marked EXPIRED) and, with --revoke, revokes them.
//
//   node examples/expiring-keys.mjs --api-url https://api.balena-cloud.com/ --token "$TOKEN"
//   BALENA_API_URL=… BALENA_TOKEN=… node examples/expiring-keys.mjs --days 30 --revoke --dry-run
//
// It imports balena-api-key-wasm from this checkout (../pkg/index.mjs); in your
// own project the same code imports 'balena-api-key-wasm', the installed
// package (./cli.mjs holds the flag parsing shared with the other example,
// nothing balena-specific). The expiry filter runs on the server (a pine
// $filter on expiry_date), the token stays in memory (`dataDirectory: false`:
// ~/.balena/token is never read or written), and a dry run goes through a
// fetch that refuses anything but GET, so it cannot revoke a key.
//
// Output: the table and the summary on stdout; progress on stderr (a bar
// when stderr is a terminal, one line per key otherwise). Exit code: 0 done,
// 1 an error or a key that could not be revoked, 2 a bad command line, 130
// interrupted (Ctrl-C during revocation stops after the current request).
import { getSdk } from '../pkg/index.mjs'; // 'balena-api-key-wasm' once installed
import { describeError, requireConnection, runScript, UsageError } from './cli.mjs';

const USAGE = `Usage: node examples/expiring-keys.mjs [--api-url URL] [--token TOKEN] [--days N] [--revoke] [--dry-run]

Lists the named API keys of the token's user that expire within N days,
including those that have already expired, and optionally revokes them.

  --api-url URL   the balena API (default: $BALENA_API_URL), e.g. https://api.balena-cloud.com/
  --token TOKEN   a session token or API key (default: $BALENA_TOKEN; the
                  environment keeps it out of the process list)
  --days N        the window in days, N >= 0 (default: 7; 0: expired keys only)
  --revoke        revoke the keys listed
  --dry-run       show what --revoke would revoke, without revoking anything
  -h, --help      this text

Exit code: 0 done, 1 an error or a key not revoked, 2 a bad command line,
130 interrupted (Ctrl-C while revoking stops after the current key).
`;

const OPTIONS = {
  days: { type: 'string', default: '7' },
  revoke: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function parseDays(text) {
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new UsageError(`--days takes a number of days >= 0, not '${text}'`);
  }
  return Number(text);
}

// The pine options for getAllNamedUserApiKeys (which adds the user and
// named-key filter itself): keys with an expiry date no later than `cutoff`.
function expiringKeysOptions(cutoff) {
  return {
    $select: ['id', 'name', 'description', 'expiry_date'],
    $filter: { expiry_date: { $ne: null, $le: cutoff.toISOString() } },
    $orderby: [{ expiry_date: 'asc' }, { name: 'asc' }],
  };
}

// A fetch for dry runs: GET requests only, anything else is refused before
// it leaves the process.
function readOnlyFetch(url, init = {}) {
  const method = (init.method ?? 'GET').toUpperCase();
  if (method !== 'GET') return Promise.reject(new Error(`dry run: refused to send ${method} ${url}`));
  return fetch(url, init);
}

function inWords(ms) {
  const [count, unit] =
    ms >= 2 * DAY_MS ? [Math.floor(ms / DAY_MS), 'day']
      : ms >= 2 * HOUR_MS ? [Math.floor(ms / HOUR_MS), 'hour']
        : [Math.max(1, Math.floor(ms / MINUTE_MS)), 'minute'];
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function expiryStatus(expiryMs, nowMs) {
  return expiryMs <= nowMs ? `EXPIRED ${inWords(nowMs - expiryMs)} ago` : `expires in ${inWords(expiryMs - nowMs)}`;
}

const utcMinute = (date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const clip = (text, width) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

const keyLabel = (key) => `${key.id} '${key.name}'`;

// Rows (arrays of strings) as left-aligned columns under a header line.
function formatTable(header, rows) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => `  ${cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()}\n`;
  return line(header) + line(widths.map((width) => '-'.repeat(width))) + rows.map(line).join('');
}

function keysTable(keys, nowMs) {
  const rows = keys.map((key) => {
    const expiry = new Date(key.expiry_date);
    return [String(key.id), clip(key.name, 40), utcMinute(expiry), expiryStatus(expiry.getTime(), nowMs), clip(key.description ?? '', 40)];
  });
  return formatTable(['id', 'name', 'expires', 'status', 'description'], rows);
}

// Progress over `total` steps on `stream`: on a terminal one bar redrawn in
// place (failures printed above it), otherwise one plain line per step.
function createProgress(stream, total) {
  const tty = Boolean(stream.isTTY);
  let done = 0;
  const draw = (label) => {
    const columns = stream.columns || 80;
    const width = Math.max(10, Math.min(30, columns - 50));
    const filled = Math.round((width * done) / total);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
    stream.write(`\r\x1b[K${clip(`${bar} ${label}`, columns - 1)}`);
  };
  return {
    /** Shows what is being done now (terminal only). */
    begin(label) {
      if (tty) draw(label);
    },
    /** Counts one step; `line` says how it ended, `notable` keeps it on screen. */
    step(line, notable = false) {
      done += 1;
      if (!tty) {
        stream.write(`[${done}/${total}] ${line}\n`);
        return;
      }
      if (notable) stream.write(`\r\x1b[K${line}\n`);
      draw(done === total ? 'done' : '');
    },
    /** Ends the bar's line. */
    end() {
      if (tty) stream.write('\n');
    },
  };
}

// Revokes `keys` one after the other; a failure is recorded and the next key
// tried. Ctrl-C stops before the next key (a second one exits at once).
async function revokeKeys(balena, keys) {
  const outcome = { revoked: [], failed: [], notTried: [] };
  const progress = createProgress(process.stderr, keys.length);
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', onInterrupt);
  try {
    for (const [index, key] of keys.entries()) {
      if (interrupted) {
        outcome.notTried = keys.slice(index);
        break;
      }
      progress.begin(`revoking ${keyLabel(key)}`);
      try {
        await balena.models.apiKey.revoke(key.id);
        outcome.revoked.push(key);
        progress.step(`revoked ${keyLabel(key)}`);
      } catch (error) {
        outcome.failed.push({ key, error });
        progress.step(`FAILED to revoke ${keyLabel(key)}: ${describeError(error)}`, true);
      }
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    progress.end();
  }
  return outcome;
}

const plural = (count, noun) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function revocationSummary({ revoked, failed, notTried }, total) {
  let text = `\nRevoked ${revoked.length} of ${plural(total, 'key')}.\n`;
  if (failed.length > 0) {
    text += `${plural(failed.length, 'key')} could not be revoked:\n`;
    text += failed.map(({ key, error }) => `  ${keyLabel(key)}: ${describeError(error)}\n`).join('');
  }
  if (notTried.length > 0) {
    text += `Interrupted: ${plural(notTried.length, 'key')} not tried: ${notTried.map(keyLabel).join(', ')}\n`;
  }
  return text;
}

async function main(args) {
  requireConnection(args);
  const days = parseDays(args.days);
  const dryRun = args['dry-run'];
  // dataDirectory: false keeps the token in memory, away from ~/.balena/token.
  const balena = getSdk({ apiUrl: args.apiUrl, dataDirectory: false, fetch: dryRun ? readOnlyFetch : fetch });
  await balena.auth.loginWithToken(args.token);

  const nowMs = Date.now();
  const cutoff = new Date(nowMs + days * DAY_MS);
  const keys = await balena.models.apiKey.getAllNamedUserApiKeys(expiringKeysOptions(cutoff));
  const actor = await balena.auth.whoami();
  const owner = actor?.username ?? `actor ${actor?.id}`;
  const out = (text) => process.stdout.write(text);

  out(`Named API keys of ${owner} at ${new URL(args.apiUrl).origin} expiring by ${utcMinute(cutoff)} (within ${plural(days, 'day')}), expired ones included:\n\n`);
  if (keys.length === 0) {
    out('  none\n');
    return 0;
  }
  const expired = keys.filter((key) => Date.parse(key.expiry_date) <= nowMs).length;
  out(`${keysTable(keys, nowMs)}\n${plural(keys.length, 'key')}: ${expired} expired, ${keys.length - expired} expiring.\n`);

  if (dryRun) {
    out(`Dry run: --revoke would revoke ${plural(keys.length, 'key')} (ids ${keys.map((key) => key.id).join(', ')}). Nothing was revoked.\n`);
    return 0;
  }
  if (!args.revoke) {
    out('Run again with --revoke to revoke them.\n');
    return 0;
  }
  const outcome = await revokeKeys(balena, keys);
  out(revocationSummary(outcome, keys.length));
  if (outcome.failed.length > 0) return 1;
  return outcome.notTried.length > 0 ? 130 : 0;
}

await runScript({ usage: USAGE, options: OPTIONS, main });
