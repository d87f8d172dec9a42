/** The few statistics the benchmarks report, and their Markdown tables. */

/** The p-th percentile (0–100) by the nearest-rank method; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? NaN;
}

/**
 * The Gini coefficient of non-negative loads: 0 when everyone carries the
 * same, towards 1 when one member carries everything. Members with no load
 * count (they are the unfairness), so pass one value per eligible member.
 */
export function gini(loads: readonly number[]): number {
  const n = loads.length;
  const total = loads.reduce((sum, x) => sum + x, 0);
  if (n === 0 || total === 0) return 0;
  const sorted = [...loads].sort((a, b) => a - b);
  // G = Σ (2i − n − 1) x_i / (n Σ x), i = 1…n over the ascending loads
  const weighted = sorted.reduce((sum, x, i) => sum + (2 * (i + 1) - n - 1) * x, 0);
  return weighted / (n * total);
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export const now = (): number => performance.now();

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fixed = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';
