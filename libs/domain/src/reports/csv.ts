import { Readable } from 'node:stream';

/** UTF-8's byte order mark: spreadsheet programs read the file as UTF-8 (Chinese intact) with it. */
const BOM = '\uFEFF';

/**
 * One CSV field: quoted when it holds a comma, quote or line break; text
 * that a spreadsheet would run as a formula (= + - @, tab, carriage
 * return at its start) is prefixed with an apostrophe, so a name typed
 * as `=HYPERLINK(…)` stays text (OWASP's CSV injection advice).
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV file as a stream of lines, BOM first, CRLF line ends (RFC 4180), rows as they come. */
export function csvStream(
  header: readonly string[],
  rows: Iterable<readonly (string | number | boolean | null)[]>,
): Readable {
  function* lines(): Generator<string> {
    yield `${BOM}${header.map(csvField).join(',')}\r\n`;
    for (const row of rows) yield `${row.map(csvField).join(',')}\r\n`;
  }
  return Readable.from(lines());
}
