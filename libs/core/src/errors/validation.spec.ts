import { describe, expect, it } from '@jest/globals';
import { Validate } from './validation.js';

const label = { 'zh-CN': '姓名', en: 'Name' };

describe('Validate.text', () => {
  it('accepts a minority name with a middle dot and a rare character outside the BMP', () => {
    expect(Validate.text('name', label, ' 买买提·艾力 ', 64)).toBe('买买提·艾力');
    expect(Validate.text('name', label, '𠮷田', 2)).toBe('𠮷田');
  });

  it('refuses empty, oversized and control-character input with BAD_USER_INPUT', () => {
    expect(() => Validate.text('name', label, '   ', 64)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'name' }),
    );
    expect(() => Validate.text('name', label, '张'.repeat(65), 64)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => Validate.text('name', label, '张\u0000三', 64)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
