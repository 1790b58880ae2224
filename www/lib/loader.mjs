// Loading the rows of a table, as the key list and the expiry view do: the
// table is busy with a loading row meanwhile, a failure is shown next to it,
// and only the newest load counts.
import { messageRow } from './cells.mjs';
import { clearError, showError } from './dom.mjs';

/**
 * @typedef {object} LoadRequest
 * @property {string} loading what the loading row and the status line say meanwhile
 * @property {string} failure what a failure is shown as, e.g. 'Could not list the keys'
 * @property {string} failedRow what the table says after a failure
 * @property {(isCurrent: () => boolean) => Promise<unknown[]>} fetch gets the rows;
 *   `isCurrent` turns false once a newer load started
 * @property {(rows: unknown[]) => void} show puts the rows of a successful load in the table
 */

/**
 * A loader for one table.
 * @param {{ table: HTMLElement, body: HTMLElement, errorBox: HTMLElement, announce: (text: string) => void, columns: number }} where
 *   `errorBox` shows a failure; `announce` writes the status line
 * @returns {{ load: (request: LoadRequest) => Promise<void>, cancel: () => void }}
 *   `cancel` makes a load under way count for nothing
 */
export function tableLoader({ table, body, errorBox, announce, columns }) {
  let generation = 0;
  return {
    async load({ loading, failure, failedRow, fetch, show }) {
      const mine = ++generation;
      const isCurrent = () => mine === generation;
      table.setAttribute('aria-busy', 'true');
      body.replaceChildren(messageRow(columns, 'loading', loading));
      announce(loading);
      let rows;
      try {
        rows = await fetch(isCurrent);
      } catch (error) {
        if (!isCurrent()) return;
        table.removeAttribute('aria-busy');
        showError(errorBox, error, failure);
        body.replaceChildren(messageRow(columns, 'failed', failedRow));
        announce('');
        return;
      }
      if (!isCurrent()) return;
      table.removeAttribute('aria-busy');
      clearError(errorBox);
      show(rows);
    },
    cancel() {
      generation++;
      table.removeAttribute('aria-busy');
    },
  };
}
