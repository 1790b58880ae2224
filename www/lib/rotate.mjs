// Rotating a named key (`extras.apiKey.rotate`): asked first, then the new
// key is shown once. A rotation that made the new key but could not revoke
// the old one still hands the new key over, and says the old one is valid.
import { keyLabel } from './format.mjs';

/** The code of a rotation whose new key exists but whose old key could not be revoked. */
const INCOMPLETE = 'BalenaApiKeyRotationIncomplete';

/**
 * Rotates key `id`. Resolves the new key and its id, with `stuck` set to the
 * error when the old key is still valid; rejects when nothing was made.
 * @param {object} sdk
 * @param {number} id
 * @returns {Promise<{ key: string, newId: number|null, stuck?: Error }>}
 */
async function rotate(sdk, id) {
  try {
    const { id: newId, key } = await sdk.extras.apiKey.rotate(id);
    return { key, newId };
  } catch (failure) {
    if (failure?.code !== INCOMPLETE) throw failure;
    return { key: failure.key, newId: failure.id, stuck: failure };
  }
}

/**
 * Asks whether to rotate the named key `key`, rotates it on confirm and
 * shows the new key once.
 * @param {object} env
 * @param {ReturnType<import('./confirm.mjs').setupConfirmDialog>} env.confirm
 * @param {ReturnType<import('./reveal.mjs').setupKeyReveal>} env.reveal
 * @param {object} env.sdk the connected sdk instance
 * @param {{ id: number, name: string|null }} env.key
 * @param {HTMLElement} env.opener the button that asked
 * @param {(said: string) => unknown} env.rotated runs after the rotation, with a sentence on how it went
 * @param {(newId: number|null) => void} env.dismissed where focus goes once the user hid the new key
 */
export function askRotate({ confirm, reveal, sdk, key, opener, rotated, dismissed }) {
  const label = keyLabel(key);
  confirm({
    title: 'Rotate this API key?',
    text: `A new key named “${label}”, with the same description and lifetime, replaces it. `
      + 'The old key is revoked: it stops working at once for everything that uses it.',
    confirmLabel: 'Rotate key',
    failure: 'Could not rotate the key',
    opener,
    action: () => rotate(sdk, key.id),
    done: ({ key: newKey, newId, stuck }) => {
      const note = stuck
        ? `The old key (id ${key.id}) is still valid: it could not be revoked (${stuck.cause?.message ?? stuck.message}). `
          + 'Revoke it once nothing uses it any more.'
        : `It replaces key ${key.id}, which is revoked.`;
      reveal.show(newKey, { heading: `The new API key for “${label}”`, note, problem: Boolean(stuck), dismissed: () => dismissed(newId) });
      return rotated(stuck ? `Rotated “${label}”, but the old key ${key.id} is still valid.` : `Rotated “${label}”.`);
    },
  });
}
