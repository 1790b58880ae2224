// Creating a named API key, and showing the new key exactly once.
import { clearError, showError, showProblem } from './dom.mjs';
import { dateInDays } from './format.mjs';

/** The expiry a new key gets unless the user picks another: one year. */
const DEFAULT_EXPIRY_DAYS = 365;

/**
 * balena-sdk (and so the package) reports every refusal of a create as
 * BalenaNotLoggedIn, whatever the API said: list the usual causes.
 */
const CREATE_REFUSED_HINT = 'The API refused to create it. Only a fresh user login may create keys (an API key may not), '
  + 'and the name must be at most 50 characters, the description at most 150.';

const byId = (id) => document.getElementById(id);

/**
 * The create form and the one-time display of the new key.
 * @param {{ sdk: () => object, created: () => void }} env
 *   `sdk` gives the connected sdk instance; `created` runs after a key was made.
 * @returns {{ reset: () => void }} `reset` empties the form and forgets any key on display
 */
export function setupCreateForm({ sdk, created }) {
  const form = byId('create-form');
  const name = byId('new-name');
  const description = byId('new-description');
  const expiry = byId('new-expiry');
  const never = byId('new-never');
  const error = byId('create-error');
  const button = byId('create-button');
  const reveal = byId('new-key');
  const keyText = byId('new-key-value');
  const copyStatus = byId('copy-status');

  never.addEventListener('change', () => { expiry.disabled = never.checked; });

  /** Hides the new key and drops it from the page: it is never shown again. */
  const forgetKey = () => {
    keyText.replaceChildren();
    copyStatus.textContent = '';
    reveal.hidden = true;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(error);
    if (!name.value.trim()) {
      showProblem(error, 'Give the key a name.');
      name.focus();
      return;
    }
    if (!never.checked && !expiry.value) {
      showProblem(error, 'Pick an expiry date, or tick “Never expires”.');
      expiry.focus();
      return;
    }
    button.disabled = true;
    let key;
    try {
      key = await sdk().models.apiKey.create({
        name: name.value.trim(),
        description: description.value.trim() || null,
        expiryDate: never.checked ? null : expiry.value,
      });
    } catch (failure) {
      showError(error, failure, 'Could not create the key', failure?.code === 'BalenaNotLoggedIn' ? CREATE_REFUSED_HINT : undefined);
      return;
    } finally {
      button.disabled = false;
    }
    forgetKey();
    keyText.textContent = String(key);
    reveal.hidden = false;
    reveal.focus();
    name.value = '';
    description.value = '';
    created();
  });

  byId('copy-key').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(keyText.textContent);
      copyStatus.textContent = 'Copied to the clipboard.';
    } catch (failure) {
      getSelection().selectAllChildren(keyText);
      copyStatus.replaceChildren(`Could not copy (${failure.message}): the key is selected, copy it with Ctrl+C.`);
    }
  });

  byId('dismiss-key').addEventListener('click', () => {
    forgetKey();
    name.focus();
  });

  return {
    reset() {
      forgetKey();
      form.reset();
      clearError(error);
      expiry.min = dateInDays(1);
      expiry.value = dateInDays(DEFAULT_EXPIRY_DAYS);
      expiry.disabled = false;
    },
  };
}
