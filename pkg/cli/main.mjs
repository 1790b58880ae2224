// The command's entry point: reads the command line, runs the command, and
// turns what happened into output and an exit code.
import { readFileSync } from 'node:fs';
import { parseCommandLine, UsageError } from './command-line.mjs';
import { create } from './commands/create.mjs';
import { expiring } from './commands/expiring.mjs';
import { list } from './commands/list.mjs';
import { revoke } from './commands/revoke.mjs';
import { rotate } from './commands/rotate.mjs';
import { update } from './commands/update.mjs';
import { describeError } from './errors.mjs';
import { connect } from './session.mjs';
import { EXIT, USAGE } from './usage.mjs';

const COMMANDS = { list, create, update, revoke, rotate, expiring };

/** The package's version, from its package.json. */
function version() {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
}

/** The width tables must fit: the terminal's, else $COLUMNS, else none. */
function tableWidth(stdout, env) {
  if (stdout.isTTY && stdout.columns > 0) return stdout.columns;
  const columns = Number(env.COLUMNS);
  return columns > 0 ? columns : Infinity;
}

/**
 * Runs the command line `argv` with `env`, writing to `stdout` and
 * `stderr`; resolves the exit code (see EXIT). Never rejects: an error is
 * one `error: <message> (<code>)` line on stderr, a bad command line the
 * problem and the usage.
 */
export async function main(argv, { env, stdout, stderr }) {
  let token;
  try {
    const parsed = parseCommandLine(argv, env);
    if (parsed.help) {
      stdout.write(USAGE);
      return EXIT.OK;
    }
    if (parsed.version) {
      stdout.write(`${version()}\n`);
      return EXIT.OK;
    }
    const { command, args, options, connection } = parsed;
    token = connection.token;
    return await COMMANDS[command]({
      args,
      options,
      connect: (how) => connect(connection, how),
      stdout,
      stderr,
      token,
      width: tableWidth(stdout, env),
      nowMs: Date.now(),
    });
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`error: ${error.message}\n\n${USAGE}`);
      return EXIT.USAGE;
    }
    stderr.write(`error: ${describeError(error, token)}\n`);
    return EXIT.ERROR;
  }
}
