import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { xlsxStream } from './xlsx-writer.js';

describe('the XLSX writer', () => {
  const write = () =>
    buffer(
      xlsxStream([
        {
          name: '成员',
          columns: [
            { header: '姓名', width: 14 },
            { header: '时长', width: 12, format: 'decimal' },
            { header: '次数', width: 8, format: 'integer' },
          ],
          // a generator: the sheet is written as its rows come
          rows: (function* () {
            yield ['王小明', 1.5, 2];
            yield ['买买提·艾力 & <李四>', 12.25, null];
            yield ['\u0001控制字符', 0, 1];
          })(),
        },
        {
          name: '按月',
          columns: [
            { header: '月份', width: 10 },
            { header: '服务时长（小时）', width: 18, format: 'decimal' },
          ],
          rows: [
            ['2026-10', 3],
            ['2026-11', 4.5],
          ],
          chart: { title: '按月服务时长（小时）' },
        },
      ]),
    );

  it('is read back by another library: sheets, headers, values, widths and formats', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Uint8Array.from(await write()).buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['成员', '按月']);
    const members = book.getWorksheet('成员');
    expect(members?.getRow(1).values).toEqual([undefined, '姓名', '时长', '次数']);
    expect(members?.getRow(2).values).toEqual([undefined, '王小明', 1.5, 2]);
    expect(members?.getRow(3).values).toEqual([undefined, '买买提·艾力 & <李四>', 12.25]);
    expect(members?.getRow(4).getCell(1).value).toBe('控制字符');
    expect(members?.getColumn(1).width).toBe(14);
    expect(members?.getCell('B2').numFmt).toBe('0.0');
    expect(members?.getCell('C2').numFmt).toBe('0');
    expect(members?.getCell('A1').font.bold).toBe(true);
  });

  it('carries a native column chart over the month sheet’s data', async () => {
    const zip = await JSZip.loadAsync(await write());
    const part = (path: string) => zip.file(path)?.async('string');
    // the chart plots the month sheet's two data rows, placed by a drawing the sheet links to
    const chart = await part('xl/charts/chart2.xml');
    expect(chart).toContain('<c:barChart><c:barDir val="col"/>');
    expect(chart).toContain("<c:f>'按月'!$A$2:$A$3</c:f>");
    expect(chart).toContain("<c:f>'按月'!$B$2:$B$3</c:f>");
    expect(await part('xl/drawings/_rels/drawing2.xml.rels')).toContain('../charts/chart2.xml');
    expect(await part('xl/worksheets/_rels/sheet2.xml.rels')).toContain('../drawings/drawing2.xml');
    expect(await part('xl/worksheets/sheet2.xml')).toContain('<drawing r:id="rId1"/>');
    expect(await part('[Content_Types].xml')).toContain('drawingml.chart+xml');
    expect(zip.file('xl/charts/chart1.xml')).toBeNull();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Uint8Array.from(await write()).buffer);
    expect(book.getWorksheet('按月')?.getCell('B3').value).toBe(4.5);
  });
});
