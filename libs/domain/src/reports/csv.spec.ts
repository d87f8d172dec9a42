import { text } from 'node:stream/consumers';
import { csvField, csvStream } from './csv.js';

describe('CSV', () => {
  it('quotes what needs quoting and keeps formulas as text', () => {
    expect(csvField('王小明')).toBe('王小明');
    expect(csvField('东湖, 西湖')).toBe('"东湖, 西湖"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('streams a BOM, the header and each row with CRLF', async () => {
    const file = await text(
      csvStream(
        ['姓名', '时长'],
        [
          ['张三', 1.5],
          ['李四', 2],
        ],
      ),
    );
    expect(file).toBe('\uFEFF姓名,时长\r\n张三,1.5\r\n李四,2\r\n');
  });
});
