// Tables for a terminal: left-aligned columns under a header, as wide as
// their contents, with the flexible columns (names, descriptions) cut short
// with … so that no line is wider than the terminal. Lines never wrap.

const GAP = '  ';
/** What a flexible column keeps (if it is that wide) before the line itself is cut. */
const MIN_FLEXIBLE_WIDTH = 8;

/** Escapes for the control characters a terminal would act on. */
const NAMED_CONTROLS = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` with its control characters (C0, DEL, C1) shown as escapes
 * (`\n`, `\x1b`), so that a key's name or description cannot break a
 * table's lines or send escape sequences to the terminal.
 */
export function printable(text) {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (control) =>
    NAMED_CONTROLS[control] ?? `\\x${control.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `text` cut to `width` characters, its last one … when it was longer. */
export function clip(text, width) {
  if (text.length <= width) return text;
  return width <= 0 ? '' : `${text.slice(0, width - 1)}…`;
}

/**
 * The widths of `natural` (each column's widest cell) within `width`: the
 * columns not in `flexible` keep theirs, the flexible ones share what is
 * left, the narrow ones first, so a short name keeps its width while a long
 * description gives way. A flexible column keeps at least MIN_FLEXIBLE_WIDTH
 * (or its own width), so on a very narrow terminal the line is cut instead.
 */
function fitWidths(natural, flexible, width) {
  const total = natural.reduce((sum, column) => sum + column, 0) + GAP.length * (natural.length - 1);
  if (total <= width) return natural;
  const widths = [...natural];
  let left = width - (total - flexible.reduce((sum, column) => sum + natural[column], 0));
  const narrowFirst = [...flexible].sort((a, b) => natural[a] - natural[b]);
  for (const [index, column] of narrowFirst.entries()) {
    const share = Math.max(MIN_FLEXIBLE_WIDTH, Math.floor(left / (narrowFirst.length - index)));
    widths[column] = Math.min(natural[column], share);
    left -= widths[column];
  }
  return widths;
}

/**
 * `rows` (arrays of strings, shown `printable`) under `header`, as text
 * lines ending in "\n", none wider than `width` (Infinity: no limit).
 * `flexible` lists the column indexes that may be cut short.
 */
export function formatTable(header, rows, { flexible = [], width = Infinity } = {}) {
  const printed = rows.map((row) => row.map(printable));
  const natural = header.map((title, column) => Math.max(title.length, ...printed.map((row) => row[column].length)));
  const widths = fitWidths(natural, flexible, width);
  const line = (cells) => {
    const text = cells.map((cell, column) => clip(cell, widths[column]).padEnd(widths[column])).join(GAP).trimEnd();
    return `${clip(text, width)}\n`;
  };
  return [header, ...printed].map(line).join('');
}
