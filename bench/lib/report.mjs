// The markdown printed by the runner: the side-by-side table, the notes and
// checks under it, and the payload's per-file breakdown.

/** A number with as many decimals as its size deserves. */
export function formatNumber(value) {
  const abs = Math.abs(value);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** `median (min–max)` of a summary; the median alone for a single sample. */
export function formatSummary(summary) {
  if (summary.min === summary.max) return formatNumber(summary.median);
  return `${formatNumber(summary.median)} (${formatNumber(summary.min)}–${formatNumber(summary.max)})`;
}

/** Whether a row's ratio meets its target: 'yes', 'yes (stretch too)', 'yes (stretch …: no)', 'no' or '—'. */
export function verdict(row) {
  const { target, ratio } = row;
  if (!target) return '—';
  const meets = (limit) => (target.op === '<=' ? ratio <= limit : ratio >= limit);
  if (!meets(target.value)) return '**no**';
  if (target.stretch === undefined) return 'yes';
  return meets(target.stretch) ? 'yes (stretch too)' : `yes (stretch ${target.stretch}: no)`;
}

const targetText = (target) => (target ? `${target.op === '<=' ? '≤' : '≥'} ${target.value.toFixed(2)}${target.stretch ? ` (stretch ${target.stretch.toFixed(2)})` : ''}` : '—');

/** The markdown table of all rows: medians with (min–max), ratio, target, verdict. */
export function table(rows) {
  const lines = [
    '| measurement | balena-api-key-wasm | balena-sdk 23.2.15 | ratio | ratio of | target | met |',
    '|---|---:|---:|---:|---|---|---|',
  ];
  for (const row of rows) {
    lines.push(`| ${row.measurement} | ${formatSummary(row.ours)} | ${formatSummary(row.reference)} | ${row.ratio.toFixed(2)} | ${row.ratioOf} | ${targetText(row.target)} | ${verdict(row)} |`);
  }
  return lines.join('\n');
}

/** The per-file breakdown of the browser payload as a markdown table. */
export function breakdownTable(files) {
  const lines = ['| file (under pkg/) | loaded by | bytes | gzip -9 |', '|---|---|---:|---:|'];
  for (const { file, how, bytes, gzip } of files) {
    lines.push(`| ${file} | ${how} | ${bytes.toLocaleString('en')} | ${gzip.toLocaleString('en')} |`);
  }
  return lines.join('\n');
}
