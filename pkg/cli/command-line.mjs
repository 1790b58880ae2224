// Reading the command line: the command, its flags and arguments, and the
// global flags with their environment fallbacks, all checked before any
// request is sent. Anything wrong is a `UsageError`.
import { parseArgs } from 'node:util';

/** A bad command line: reported with the usage and exit code 2. */
export class UsageError extends Error {}

/** The API when neither --api-url nor BALENA_API_URL names one. */
export const DEFAULT_API_URL = 'https://api.balena-cloud.com/';

/** The kinds of key `expiring --kind` takes. */
export const KEY_KINDS = ['user', 'provisioning', 'device'];

const DAY_MS = 86_400_000;

const GLOBAL_OPTIONS = {
  'api-url': { type: 'string' },
  token: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

const json = { type: 'boolean' };
const text = { type: 'string' };

/** Each command's own flags (parseArgs' format) and the positional arguments it takes. */
const COMMANDS = {
  list: { options: { fleet: text, device: text, json }, positionals: [] },
  create: { options: { expiry: text, description: text, json }, positionals: ['NAME'] },
  update: { options: { name: text, description: text, expiry: text }, positionals: ['ID'] },
  revoke: { options: {}, positionals: ['ID[,ID...]'], more: true },
  rotate: { options: { expiry: text, json }, positionals: ['ID'] },
  expiring: {
    options: { days: text, kind: { type: 'string', multiple: true }, fleet: text, revoke: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json },
    positionals: [],
  },
};

const EVERY_OPTION = Object.assign({}, GLOBAL_OPTIONS, ...Object.values(COMMANDS).map((command) => command.options));

/**
 * Reads `argv` (the arguments after the program) with `env` for the
 * fallbacks. Returns `{ help: true }` or `{ version: true }` when asked,
 * else `{ command, args, options, connection }`: the positional arguments
 * after the command, the command's flags (as parseArgs gives them) and
 * `{ apiUrl, token, timeoutMs }` (token undefined: use the stored one).
 * Global flags may come before or after the command. Throws `UsageError`.
 */
export function parseCommandLine(argv, env) {
  // A lenient first pass finds the command and --help / --version wherever they are.
  const loose = parseArgs({ args: argv, options: EVERY_OPTION, strict: false, allowPositionals: true });
  if (loose.values.help === true) return { help: true };
  if (loose.values.version === true) return { version: true };
  const [command] = loose.positionals;
  if (command === undefined) throw new UsageError('no command given');
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command '${command}'`);
  const spec = COMMANDS[command];

  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...spec.options }, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values } = parsed;
  const args = parsed.positionals.slice(1);
  const wanted = spec.positionals.length;
  if (args.length < wanted) throw new UsageError(`${command} needs ${spec.positionals.join(' ')}`);
  if (args.length > wanted && !spec.more) {
    throw new UsageError(`${command} takes ${wanted === 0 ? 'no arguments' : spec.positionals.join(' ')}, not '${args.slice(wanted).join(' ')}'`);
  }
  return { command, args, options: values, connection: readConnection(values, env) };
}

function readConnection(values, env) {
  const apiUrl = values['api-url'] ?? (env.BALENA_API_URL || DEFAULT_API_URL);
  let protocol;
  try {
    ({ protocol } = new URL(apiUrl));
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new UsageError(`the API URL must be an http(s) URL, not '${apiUrl}'`);
  const token = values.token ?? (env.BALENA_TOKEN || undefined);
  if (token === '') throw new UsageError('--token must not be empty');
  const timeoutMs = values.timeout === undefined ? undefined : positiveNumber('--timeout', values.timeout) * 1000;
  return { apiUrl, token, timeoutMs };
}

function positiveNumber(flag, value) {
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(number > 0)) throw new UsageError(`${flag} takes a number of seconds > 0, not '${value}'`);
  if (number > MAX_TIMEOUT_S) throw new UsageError(`${flag} takes at most ${MAX_TIMEOUT_S} seconds (about 24 days), not '${value}'`);
  return number;
}

/** The longest timeout a JS timer keeps (2^31 - 1 ms), in whole seconds. */
const MAX_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

/**
 * The expiry date of `--expiry` for the API: a number of days from `nowMs`
 * (an ISO string), a `YYYY-MM-DD` date after `nowMs` (as given: UTC
 * midnight), or `never` (null). Throws `UsageError`.
 */
export function parseExpiry(value, nowMs) {
  if (value === 'never') return null;
  if (/^\d+$/.test(value)) {
    const days = Number(value);
    const date = new Date(nowMs + days * DAY_MS);
    if (days === 0 || Number.isNaN(date.getTime())) throw new UsageError(`--expiry ${value}: the number of days must be from 1 to 100000000`);
    return date.toISOString();
  }
  const date = /^\d{4}-\d\d-\d\d$/.test(value) ? new Date(`${value}T00:00:00.000Z`) : undefined;
  if (date === undefined || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--expiry takes a number of days, a date (YYYY-MM-DD) or 'never', not '${value}'`);
  }
  if (date.getTime() <= nowMs) throw new UsageError(`--expiry ${value} is not in the future`);
  return value;
}

/** A key id: a positive integer. Throws `UsageError`. */
export function parseId(value) {
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError(`not a key id: '${value}'`);
  return Number(value);
}

/** The ids of `revoke`: every argument split at commas, each given once, in order. */
export function parseIds(values) {
  const ids = values.flatMap((value) => value.split(',')).map(parseId);
  return [...new Set(ids)];
}

/** `--days`: a number >= 0 (default 7). Throws `UsageError`. */
export function parseDays(value = '7') {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`--days takes a number of days >= 0, not '${value}'`);
  return Number(value);
}

/** `--kind`, repeated or comma-separated: the kinds, each once, or undefined for all. */
export function parseKinds(values) {
  if (values === undefined) return undefined;
  const kinds = [...new Set(values.flatMap((value) => value.split(',')))];
  for (const kind of kinds) {
    if (!KEY_KINDS.includes(kind)) throw new UsageError(`--kind takes ${KEY_KINDS.join(', ')}, not '${kind}'`);
  }
  return kinds;
}

/** A fleet or device as the sdk looks it up: digits are an id, anything else a slug or uuid. */
export function parseOwner(value) {
  return /^[1-9]\d*$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
}
