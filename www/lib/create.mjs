// Creating a named API key; the new key is shown once by lib/reveal.mjs.
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
 * The create form.
 * @param {{ sdk: () => object, reveal: ReturnType<import('./reveal.mjs').setupKeyReveal>, created: () => void }} env
 *   `sdk` gives the connected sdk instance; `reveal` shows the new key once;
 *   `created` runs after a key was made.
 * @returns {{ reset: () => void }} `reset` empties the form
 */
export function setupCreateForm({ sdk, reveal, created }) {
  const form = byId('create-form');
  const name = byId('new-name');
  const description = byId('new-description');
  const expiry = byId('new-expiry');
  const never = byId('new-never');
  const error = byId('create-error');
  const button = byId('create-button');

  never.addEventListener('change', () => { expiry.disabled = never.checked; });

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
    reveal.show(key, { heading: 'Your new API key', dismissed: () => name.focus() });
    name.value = '';
    description.value = '';
    created();
  });

  return {
    reset() {
      form.reset();
      clearError(error);
      expiry.min = dateInDays(1);
      expiry.value = dateInDays(DEFAULT_EXPIRY_DAYS);
      expiry.disabled = false;
    },
  };
}
