import { describe, expect, it } from '@jest/globals';
import { Validate } from './validation.js';

const label = { 'zh-CN': '姓名', en: 'Name' };
const badInput = (field = 'name') => expect.objectContaining({ code: 'BAD_USER_INPUT', field });

describe('Validate.text', () => {
  it('accepts a minority name with a middle dot and a rare character outside the BMP', () => {
    expect(Validate.text('name', label, ' 买买提·艾力 ', 64)).toBe('买买提·艾力');
    expect(Validate.text('name', label, '𠮷田', 2)).toBe('𠮷田');
  });

  it('refuses empty, oversized and control-character input with BAD_USER_INPUT', () => {
    expect(() => Validate.text('name', label, '   ', 64)).toThrow(badInput());
    expect(() => Validate.text('name', label, '张'.repeat(65), 64)).toThrow(badInput());
    expect(() => Validate.text('name', label, '张\u0000三', 64)).toThrow(badInput());
    expect(() => Validate.text('name', label, '张\u0085三', 64)).toThrow(badInput());
    expect(() => Validate.text('name', label, '张\u2028三', 64)).toThrow(badInput());
  });

  it('counts a character outside the BMP once toward the limit', () => {
    expect(() => Validate.text('name', label, '𠮷𠮷𠮷', 2)).toThrow(badInput());
    expect(Validate.text('name', label, '𠮷𠮷', 2)).toBe('𠮷𠮷');
  });

  it.each([
    ['a right-to-left override', '张\u202E三'],
    ['a left-to-right embedding', '\u202A张三'],
    ['a pop directional formatting', '张三\u202C'],
    ['a first-strong isolate', '张\u2068三\u2069'],
    ['a left-to-right mark', '张三\u200E'],
    ['a right-to-left mark', '\u200F张三'],
    ['an Arabic letter mark', '张\u061C三'],
  ])('refuses %s', (_label, value) => {
    expect(() => Validate.text('name', label, value, 64)).toThrow(badInput());
  });

  it.each([
    ['a zero-width space', '\u200B'],
    ['zero-width joiners', '\u200D\u200C'],
    ['a word joiner between spaces', ' \u2060 '],
    ['a byte-order mark', '\uFEFF'],
    ['an ideographic space and a zero-width space', '\u3000\u200B'],
  ])('refuses text made only of %s as empty', (_label, value) => {
    expect(() => Validate.text('name', label, value, 64)).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        messages: expect.objectContaining({ en: 'Name must not be empty' }),
      }),
    );
  });

  it('keeps text that has a zero-width character among visible ones', () => {
    expect(Validate.text('name', label, '张\u200B三', 64)).toBe('张\u200B三');
    expect(Validate.text('name', label, '👩\u200D💻', 64)).toBe('👩\u200D💻');
  });

  it('refuses a broken surrogate pair, which PostgreSQL could not store as written', () => {
    expect(() => Validate.text('name', label, '张\uD842', 64)).toThrow(badInput());
    expect(() => Validate.text('name', label, '\uDFB7张', 64)).toThrow(badInput());
  });

  it('checks each tag as text', () => {
    expect(Validate.tags('skills', label, ['电工', '电工', ' 水管 '], 5)).toEqual(['电工', '水管']);
    expect(() => Validate.tags('skills', label, ['电工', '\u200B'], 5)).toThrow(badInput('skills'));
    expect(() => Validate.tags('skills', label, ['电\u202E工'], 5)).toThrow(badInput('skills'));
  });
});

describe('Validate.date', () => {
  const day = { 'zh-CN': '开始日期', en: 'Start date' };

  it('accepts a real calendar date', () => {
    expect(Validate.date('startsOn', day, '2024-02-29')).toBe('2024-02-29');
  });

  it.each(['2025-02-30', '2025-02-29', '2026-04-31', '2026-00-10', '1899-12-31', '2026-1-1', ''])(
    'refuses %s with BAD_USER_INPUT on the field',
    (value) => {
      expect(() => Validate.date('startsOn', day, value)).toThrow(badInput('startsOn'));
    },
  );
});
