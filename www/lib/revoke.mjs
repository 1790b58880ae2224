// Revoking a key, from the key list or the expiry view: asked first in the
// confirmation dialog (lib/confirm.mjs).

/**
 * Asks whether to revoke `key` and revokes it on confirm.
 * @param {object} env
 * @param {ReturnType<import('./confirm.mjs').setupConfirmDialog>} env.confirm
 * @param {object} env.sdk the connected sdk instance
 * @param {{ id: number }} env.key
 * @param {string} env.label what the key is called in the dialog, e.g. its name
 * @param {HTMLElement} env.opener the button that asked
 * @param {(said: string) => unknown} env.revoked runs once it is revoked, with a sentence saying so
 */
export function askRevoke({ confirm, sdk, key, label, opener, revoked }) {
  confirm({
    title: 'Revoke this API key?',
    text: `“${label}” stops working at once for everything that uses it. This cannot be undone.`,
    confirmLabel: 'Revoke key',
    danger: true,
    failure: 'Could not revoke the key',
    opener,
    action: () => sdk.models.apiKey.revoke(key.id),
    done: () => revoked(`Revoked “${label}”.`),
  });
}
