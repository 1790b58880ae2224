// The demo link's one-time codes. The link `make demo` prints carries a code,
// never the session: the dashboard trades the code for the API URL and the
// token with `POST /demo/session`, and a code works once. What the browser
// keeps of the link (history, navigation entries) is then a spent code.
import { randomBytes } from 'node:crypto';

/** Where the dashboard trades a launch code for the session. */
export const LAUNCH_PATH = '/demo/session';
/** The largest request body `POST /demo/session` reads. */
export const LAUNCH_BODY_LIMIT = 1024;

/**
 * The one-time codes of one demo session.
 * @param {{ apiUrl: string, token: string }} session what a code is traded for
 * @returns {{ issue: () => string, redeem: (code: unknown) => { status: 'ok', session: object } | { status: 'used' | 'unknown' } }}
 *   `issue` makes a fresh code (32 hex characters); `redeem` answers the
 *   session for a code issued and not redeemed yet, and spends it.
 * @example const codes = createLaunchCodes({ apiUrl, token }); codes.redeem(codes.issue()).status // 'ok'
 */
export function createLaunchCodes(session) {
  const pending = new Set();
  const spent = new Set();
  return {
    issue() {
      const code = randomBytes(16).toString('hex');
      pending.add(code);
      return code;
    },
    redeem(code) {
      if (pending.delete(code)) {
        spent.add(code);
        return { status: 'ok', session: { apiUrl: session.apiUrl, token: session.token } };
      }
      return { status: spent.has(code) ? 'used' : 'unknown' };
    },
  };
}

/** The request body as text, or undefined once it is longer than `limit` bytes. */
async function readBody(req, limit) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The `code` of a JSON body `{"code": "..."}`, or undefined. */
function codeOf(text) {
  try {
    const body = JSON.parse(text);
    return typeof body?.code === 'string' ? body.code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The answer to `POST /demo/session` with the JSON body `{"code": "..."}`:
 * 200 `{ apiUrl, token }` the first time a code is used, 410 once it was
 * used, 403 for a code never issued, 400 for a body without a code, 413 past
 * LAUNCH_BODY_LIMIT and 415 for anything but `application/json` (which also
 * keeps other sites' plain form posts out). Errors answer `{ message }`.
 * @param {ReturnType<typeof createLaunchCodes>} codes
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<{ status: number, body: object }>}
 */
export async function answerLaunch(codes, req) {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, body: { message: 'Send the code as application/json' } };
  const text = await readBody(req, LAUNCH_BODY_LIMIT);
  if (text === undefined) return { status: 413, body: { message: 'The request body is too large' } };
  const code = codeOf(text);
  if (code === undefined) return { status: 400, body: { message: 'Send {"code": "..."} from the demo link' } };
  const redeemed = codes.redeem(code);
  if (redeemed.status === 'ok') return { status: 200, body: redeemed.session };
  if (redeemed.status === 'used') return { status: 410, body: { message: 'This demo link was already used' } };
  return { status: 403, body: { message: 'This demo link is not valid' } };
}
