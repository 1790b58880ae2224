// Errors as the command reports them: one line, `<message> (<code>)`.

/** Shorter strings are not hidden from error lines: they would blank out words. */
const MIN_TOKEN_LENGTH = 8;

/**
 * One line for `error`: its message and code (`You have to log in
 * (BalenaNotLoggedIn)`), a network failure with its cause (`fetch failed:
 * connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)`), anything else with its
 * name. Every occurrence of `token` (of a token's length: 8 characters or
 * more) is replaced by `<token>`, should an API ever echo it.
 */
export function describeError(error, token) {
  let line;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause : undefined;
    const message = cause && !(typeof error.code === 'string') ? `${error.message}: ${cause.message}` : error.message;
    const code = typeof error.code === 'string' ? error.code : (cause?.code ?? error.name);
    line = `${message.replace(/\s*\n\s*/g, ' ')} (${code})`;
  } else {
    line = String(error);
  }
  return token?.length >= MIN_TOKEN_LENGTH ? line.split(token).join('<token>') : line;
}
