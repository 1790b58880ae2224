// The dashboard's entry point: connecting (and staying connected across
// visits), then the key list, the create form and the expiry view of lib/.
import { setupConfirmDialog } from './lib/confirm.mjs';
import { clearError, showError, showProblem } from './lib/dom.mjs';
import { setupCreateForm } from './lib/create.mjs';
import { setupExpiringView } from './lib/expiring.mjs';
import { setupKeyList } from './lib/keys.mjs';
import { redeemLaunchCode, takeLaunchCode } from './lib/launch.mjs';
import { setupKeyReveal } from './lib/reveal.mjs';
import { actorLabel, checkApiUrl, DEFAULT_API_URL, rememberApiUrl, rememberedApiUrl } from './lib/session.mjs';

const byId = (id) => document.getElementById(id);

// The package (its extras entry: the drop-in sdk plus `extras.apiKey`),
// loaded here rather than by a static import so that a missing build shows
// up in the page instead of a blank one.
let getSdk;
try {
  ({ getSdk } = await import('../pkg/extras-browser.mjs'));
} catch (error) {
  byId('boot').className = 'error';
  showError(byId('boot'), error, 'Could not load balena-api-key-wasm from pkg/ (built by make build)');
  throw error;
}
const apiUrlInput = byId('api-url');
const tokenInput = byId('token');
const connectError = byId('connect-error');

/** The connected sdk instance (undefined while disconnected). */
let sdk;

const confirm = setupConfirmDialog();
const reveal = setupKeyReveal();
// Each view reloads after a change made in another, as long as it shows keys.
const keyList = setupKeyList({
  sdk: () => sdk,
  announce: (text) => { byId('list-status').textContent = text; },
  confirm,
  reveal,
  changed: () => expiring.refresh(),
});
const createForm = setupCreateForm({
  sdk: () => sdk,
  reveal,
  created: () => {
    if (keyList.showsUserKeys()) keyList.load();
    expiring.refresh();
  },
});
const expiring = setupExpiringView({ sdk: () => sdk, confirm, changed: () => keyList.load() });

/** Errors that mean "this token is no good", as opposed to "the API could not be reached". */
const REFUSED = new Set(['BalenaNotLoggedIn', 'BalenaExpiredToken', 'BalenaMalformedToken']);

/**
 * Checks the stored token of `candidate` with the API (whoami): on success
 * it becomes the dashboard's sdk; a refused token is forgotten.
 */
async function verify(candidate) {
  try {
    await candidate.auth.getActorId();
    const actor = await candidate.auth.whoami();
    if (!actor) throw new Error('whoami answered nothing for this token');
    return actor;
  } catch (error) {
    if (REFUSED.has(error?.code)) await candidate.auth.logout();
    throw error;
  }
}

/** Every view back to its start, with no key on display. */
function resetViews() {
  keyList.reset();
  createForm.reset();
  reveal.forget();
  expiring.reset();
}

function showConnected(apiUrl, actor) {
  byId('session-user').textContent = actorLabel(actor);
  byId('session-api').textContent = new URL(apiUrl).host;
  byId('session').hidden = false;
  byId('connect').hidden = true;
  byId('keys').hidden = false;
  byId('create').hidden = false;
  byId('expiring').hidden = false;
  resetViews();
  keyList.load();
}

function showDisconnected() {
  sdk = undefined;
  byId('session').hidden = true;
  byId('keys').hidden = true;
  byId('create').hidden = true;
  byId('expiring').hidden = true;
  resetViews();
  byId('connect').hidden = false;
}

byId('connect-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError(connectError);
  let apiUrl;
  try {
    apiUrl = checkApiUrl(apiUrlInput.value);
  } catch (problem) {
    showProblem(connectError, problem.message);
    apiUrlInput.focus();
    return;
  }
  if (!tokenInput.value) {
    showProblem(connectError, 'Enter a session token or an API key.');
    tokenInput.focus();
    return;
  }
  const button = byId('connect-button');
  button.disabled = true;
  const candidate = getSdk({ apiUrl });
  try {
    await candidate.auth.loginWithToken(tokenInput.value);
    const actor = await verify(candidate);
    sdk = candidate;
    tokenInput.value = '';
    rememberApiUrl(localStorage, apiUrl);
    showConnected(apiUrl, actor);
    byId('keys-title').focus();
  } catch (error) {
    showError(connectError, error, REFUSED.has(error?.code) ? 'The API refused this token' : 'Could not connect');
    tokenInput.focus();
  } finally {
    button.disabled = false;
  }
});

byId('disconnect').addEventListener('click', async () => {
  await sdk?.auth.logout();
  showDisconnected();
  tokenInput.focus();
});

/**
 * Trades the demo link's one-time code and pre-fills the form with what it
 * gives; a used or refused link is said next to the form.
 */
async function prefillFromLaunch(code) {
  try {
    const session = await redeemLaunchCode(code, { baseUrl: location.href });
    apiUrlInput.value = session.apiUrl;
    tokenInput.value = session.token;
    return true;
  } catch (error) {
    showError(connectError, error, 'Could not use the demo link',
      'Each link printed by make demo connects once: enter the API URL and the token it printed, or run it again.');
    return false;
  }
}

/** First paint: a demo link pre-fills the form; otherwise a stored session is resumed. */
async function start() {
  const launchCode = takeLaunchCode(location, history);
  const remembered = rememberedApiUrl(localStorage);
  apiUrlInput.value = remembered ?? DEFAULT_API_URL;
  const prefilled = launchCode !== undefined && await prefillFromLaunch(launchCode);
  byId('boot').hidden = true;
  if (launchCode === undefined && remembered) {
    const candidate = getSdk({ apiUrl: remembered });
    const stored = await candidate.auth.getToken().then(() => true, () => false);
    if (stored) {
      try {
        const actor = await verify(candidate);
        sdk = candidate;
        showConnected(remembered, actor);
        return;
      } catch (error) {
        showError(connectError, error, 'Could not resume the last session');
      }
    }
  }
  showDisconnected();
  (prefilled ? byId('connect-button') : tokenInput).focus();
}

start();
