// Progress on stderr: on a terminal one status line redrawn in place (lines
// that must stay are printed above it); elsewhere plain lines, one per event.

const CLEAR_LINE = '\r\x1b[K';

/**
 * Progress output on `stream`. `tty` tells which form it takes; `status(text)`
 * shows what is going on (redrawn on a terminal, ignored elsewhere unless
 * `plain` is given for it), `line(text)` prints a line that stays, `end()`
 * finishes the status line.
 */
export function createProgress(stream) {
  const tty = Boolean(stream.isTTY);
  let shown = '';
  const draw = () => stream.write(`${CLEAR_LINE}${shown.slice(0, Math.max(0, (stream.columns || 80) - 1))}`);
  return {
    tty,
    /** On a terminal: replaces the status line with `text`; elsewhere prints `plain` when given. */
    status(text, plain) {
      if (tty) {
        shown = text;
        draw();
      } else if (plain !== undefined) {
        stream.write(`${plain}\n`);
      }
    },
    /** Prints `text` as a line of its own, above the status line on a terminal. */
    line(text) {
      if (!tty) {
        stream.write(`${text}\n`);
        return;
      }
      stream.write(`${CLEAR_LINE}${text}\n`);
      if (shown !== '') draw();
    },
    /** Ends the status line, leaving its last text on screen. */
    end() {
      if (tty && shown !== '') stream.write('\n');
      shown = '';
    },
  };
}

/** A bar of `width` cells, `done` of `total` filled: `[###.......] 3/10`. */
export function bar(done, total, width = 20) {
  const filled = total === 0 ? width : Math.round((width * done) / total);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}
