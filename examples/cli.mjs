// What the example scripts share: reading the command line (their own flags
// plus --api-url, --token and --help, with the BALENA_API_URL / BALENA_TOKEN
// environment fallbacks) and turning errors into one readable line and an
// exit code.
//
// Exit codes: 0 done, 1 an error (or, in a script, a partial failure),
// 2 a bad command line (the usage is printed), 130 interrupted.
import { parseArgs } from 'node:util';
import { errors } from '../pkg/index.mjs'; // 'balena-api-key-wasm' once installed

/** A bad command line: reported with the usage and exit code 2. */
export class UsageError extends Error {}

const CONNECTION_OPTIONS = {
  'api-url': { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/**
 * Parses `argv` strictly with `node:util`'s `parseArgs`: the script's own
 * `options` (parseArgs' format) plus `--api-url`, `--token` and `--help`.
 * Returns the values with `apiUrl` and `token` filled from BALENA_API_URL and
 * BALENA_TOKEN when the flags are absent (either may stay undefined), and
 * `apiUrl` checked to be an http(s) URL. Throws `UsageError` for an unknown
 * flag, a missing flag value, a positional argument or a bad URL.
 */
export function parseCommandLine(argv, options = {}, env = process.env) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...options, ...CONNECTION_OPTIONS }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  const apiUrl = values['api-url'] ?? (env.BALENA_API_URL || undefined);
  const token = values.token ?? (env.BALENA_TOKEN || undefined);
  if (apiUrl !== undefined) {
    let protocol;
    try {
      ({ protocol } = new URL(apiUrl));
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new UsageError(`the API URL must be an http(s) URL, not '${apiUrl}'`);
    }
  }
  return { ...values, apiUrl, token };
}

/**
 * Checks that both an API URL and a token were given (flags or environment);
 * throws `UsageError` naming what is missing.
 */
export function requireConnection({ apiUrl, token }) {
  if (apiUrl === undefined) throw new UsageError('no API URL: pass --api-url URL or set BALENA_API_URL');
  if (token === undefined) throw new UsageError('no token: pass --token TOKEN or set BALENA_TOKEN');
}

/**
 * One line for an error: the message, then the error's code and HTTP status
 * when it has them (`You have to log in (BalenaNotLoggedIn)`), the cause of a
 * network failure, and a hint where one helps.
 */
export function describeError(error) {
  if (!(error instanceof Error)) return String(error);
  const tags = [error.code, error.statusCode && `HTTP ${error.statusCode}`].filter(Boolean);
  let line = tags.length > 0 ? `${error.message} (${tags.join(', ')})` : error.message;
  if (error.cause instanceof Error) line += `: ${error.cause.message}`;
  if (error.name === 'TypeError' && error.message === 'fetch failed') line = `cannot reach the API (${line})`;
  if (error instanceof errors.BalenaNotLoggedIn || error instanceof errors.BalenaExpiredToken) {
    line += ' - the API did not accept the token (--token or BALENA_TOKEN)';
  }
  return line;
}

/**
 * Runs a script: parses the command line (see `parseCommandLine`), prints
 * `usage` for --help (exit 0) or after a `UsageError` (exit 2), else awaits
 * `main(values)` and sets `process.exitCode` to what it returns (0 when
 * nothing), or prints `error: <describeError>` and sets 1 (2 for a
 * `UsageError` thrown by `main`).
 */
export async function runScript({ usage, options, main, argv = process.argv.slice(2) }) {
  try {
    const values = parseCommandLine(argv, options);
    if (values.help) {
      process.stdout.write(usage);
      return;
    }
    process.exitCode = (await main(values)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\n${usage}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`error: ${describeError(error)}\n`);
      process.exitCode = 1;
    }
  }
}
