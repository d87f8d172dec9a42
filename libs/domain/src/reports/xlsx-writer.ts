import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

/** How a column's numbers show: whole, one decimal, or a percentage with one decimal. */
export type CellFormat = 'text' | 'integer' | 'decimal' | 'percent';
export type CellValue = string | number | null;

export interface XlsxColumn {
  readonly header: string;
  /** In characters, as Excel counts them (a Chinese character is about two). */
  readonly width: number;
  readonly format?: CellFormat;
}

/** A column chart of one sheet's second column against its first (categories), under the data. */
export interface XlsxChart {
  readonly title: string;
}

/**
 * A sheet: its rows as they come, from memory or read page by page from
 * the database (a sheet of thousands is streamed, never held whole), or,
 * with a chart, which must know where its data ends, an array.
 */
export type XlsxSheet = {
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
} & (
  | {
      readonly rows: Iterable<readonly CellValue[]> | AsyncIterable<readonly CellValue[]>;
      readonly chart?: undefined;
    }
  | { readonly rows: readonly (readonly CellValue[])[]; readonly chart: XlsxChart }
);

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DRAWING = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const CHART = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Style index of each format in styles.xml's cellXfs (0 is the default, 1 the header). */
const STYLE: Record<CellFormat, number> = { text: 0, integer: 2, decimal: 3, percent: 4 };
const STYLES = `${XML}<styleSheet xmlns="${MAIN}">
<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>`;

/** Text as XML character data: escaped, and without the characters XML 1.0 cannot hold. */
function xmlText(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** A, B, … Z, AA, AB, … */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

function cell(ref: string, value: CellValue, style: number): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? `<c r="${ref}" s="${String(style)}"><v>${String(value)}</v></c>`
      : '';
  }
  return `<c r="${ref}" t="inlineStr" s="${String(style)}"><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
}

/** A sheet's XML as it is written: the header, then each row as it comes (from memory or a database). */
async function* sheetXml(sheet: XlsxSheet, hasDrawing: boolean): AsyncGenerator<string> {
  const cols = sheet.columns
    .map(
      (c, i) =>
        `<col min="${String(i + 1)}" max="${String(i + 1)}" width="${String(c.width)}" customWidth="1"/>`,
    )
    .join('');
  yield `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>${cols}</cols><sheetData>`;
  yield `<row r="1">${sheet.columns.map((c, i) => cell(`${columnName(i)}1`, c.header, 1)).join('')}</row>`;
  let r = 2;
  for await (const row of sheet.rows) {
    const cells = row
      .map((value, i) =>
        cell(`${columnName(i)}${String(r)}`, value, STYLE[sheet.columns[i]?.format ?? 'text']),
      )
      .join('');
    yield `<row r="${String(r)}">${cells}</row>`;
    r += 1;
  }
  yield `</sheetData>${hasDrawing ? '<drawing r:id="rId1"/>' : ''}</worksheet>`;
}

function drawingXml(rows: number): string {
  const anchor = (col: number, row: number) =>
    `<xdr:col>${String(col)}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${String(row)}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  return `${XML}<xdr:wsDr xmlns:xdr="${DRAWING}" xmlns:a="${A}" xmlns:r="${REL}" xmlns:c="${CHART}"><xdr:twoCellAnchor><xdr:from>${anchor(0, rows + 2)}</xdr:from><xdr:to>${anchor(8, rows + 22)}</xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${CHART}"><c:chart r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`;
}

/** A clustered column chart of the sheet's column B (values) by column A (categories). */
function chartXml(sheetName: string, rows: number, chart: XlsxChart): string {
  const sheet = `'${sheetName.replaceAll("'", "''")}'`;
  const last = String(rows + 1);
  return `${XML}<c:chartSpace xmlns:c="${CHART}" xmlns:a="${A}" xmlns:r="${REL}"><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${xmlText(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>${xmlText(sheet)}!$B$1</c:f></c:strRef></c:tx><c:cat><c:strRef><c:f>${xmlText(sheet)}!$A$2:$A$${last}</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>${xmlText(sheet)}!$B$2:$B$${last}</c:f></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="0.0" sourceLinked="0"/><c:crossAx val="1"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>`;
}

const relationships = (entries: readonly [string, string, string][]) =>
  `${XML}<Relationships xmlns="${PACKAGE_REL}">${entries
    .map(
      ([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`,
    )
    .join('')}</Relationships>`;

/**
 * A workbook (Office Open XML) as a stream: each sheet's rows are written
 * into the zip as they come, with inline strings (no shared-string table
 * to hold), column widths, number formats and a frozen header; a sheet
 * may carry a native column chart. What Excel, WPS and LibreOffice open.
 */
export function xlsxStream(sheets: readonly XlsxSheet[]): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  const charted = sheets.flatMap((sheet, i) => (sheet.chart ? [i] : []));
  const overrides = [
    [
      '/xl/workbook.xml',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    ],
    ['/xl/styles.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml'],
    ...sheets.map((_, i) => [
      `/xl/worksheets/sheet${String(i + 1)}.xml`,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
    ]),
    ...charted.flatMap((i) => [
      [
        `/xl/drawings/drawing${String(i + 1)}.xml`,
        'application/vnd.openxmlformats-officedocument.drawing+xml',
      ],
      [
        `/xl/charts/chart${String(i + 1)}.xml`,
        'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
      ],
    ]),
  ];
  const text = (value: string, path: string) => {
    zip.addBuffer(Buffer.from(value, 'utf8'), path);
  };
  text(
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides
      .map(([part, type]) => `<Override PartName="${part ?? ''}" ContentType="${type ?? ''}"/>`)
      .join('')}</Types>`,
    '[Content_Types].xml',
  );
  text(relationships([['rId1', 'officeDocument', 'xl/workbook.xml']]), '_rels/.rels');
  text(
    `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheets
      .map(
        (s, i) =>
          `<sheet name="${xmlText(s.name)}" sheetId="${String(i + 1)}" r:id="rId${String(i + 1)}"/>`,
      )
      .join('')}</sheets></workbook>`,
    'xl/workbook.xml',
  );
  text(
    relationships([
      ...sheets.map((_, i): [string, string, string] => [
        `rId${String(i + 1)}`,
        'worksheet',
        `worksheets/sheet${String(i + 1)}.xml`,
      ]),
      [`rId${String(sheets.length + 1)}`, 'styles', 'styles.xml'],
    ]),
    'xl/_rels/workbook.xml.rels',
  );
  text(STYLES, 'xl/styles.xml');
  sheets.forEach((sheet, i) => {
    const n = String(i + 1);
    const rows = Readable.from(sheetXml(sheet, sheet.chart !== undefined));
    // yazl does not listen for a source's errors: a failed read (a database
    // page, a decryption) fails the whole file instead of the process
    rows.once('error', (error) => output.destroy(error));
    zip.addReadStream(rows, `xl/worksheets/sheet${n}.xml`);
    if (!sheet.chart) return;
    const count = sheet.rows.length;
    text(
      relationships([['rId1', 'drawing', `../drawings/drawing${n}.xml`]]),
      `xl/worksheets/_rels/sheet${n}.xml.rels`,
    );
    text(drawingXml(count), `xl/drawings/drawing${n}.xml`);
    text(
      relationships([['rId1', 'chart', `../charts/chart${n}.xml`]]),
      `xl/drawings/_rels/drawing${n}.xml.rels`,
    );
    text(chartXml(sheet.name, count, sheet.chart), `xl/charts/chart${n}.xml`);
  });
  zip.end();
  return output;
}
