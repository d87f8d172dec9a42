import { CommonErrors, type LocalizedMessage } from './domain-error.js';

/**
 * Small input checks shared by every mutation. Each failure is a typed
 * BAD_USER_INPUT naming the field, and never echoes the rejected value.
 */
export const Validate = {
  /**
   * Human text (names, titles). Chinese names may lie outside the BMP (生僻字)
   * or contain a middle dot (买买提·艾力), so length is counted in code points
   * and only control characters are refused, never a character whitelist.
   */
  text(field: string, label: LocalizedMessage, value: string, maxLength: number): string {
    const trimmed = value.trim();
    // Code points, as PostgreSQL's char_length counts them (a 生僻字 outside the BMP is one).
    // eslint-disable-next-line @typescript-eslint/no-misused-spread
    const length = [...trimmed].length;
    if (length === 0) {
      throw CommonErrors.invalidInput(field, {
        'zh-CN': `${label['zh-CN']}不能为空`,
        en: `${label.en} must not be empty`,
      });
    }
    if (length > maxLength) {
      throw CommonErrors.invalidInput(field, {
        'zh-CN': `${label['zh-CN']}不能超过${maxLength}个字符`,
        en: `${label.en} must be at most ${maxLength} characters`,
      });
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(trimmed)) {
      throw CommonErrors.invalidInput(field, {
        'zh-CN': `${label['zh-CN']}包含非法字符`,
        en: `${label.en} contains control characters`,
      });
    }
    return trimmed;
  },

  /** A list of short tags (skills), de-duplicated, each checked as text. */
  tags(field: string, label: LocalizedMessage, values: readonly string[], max: number): string[] {
    if (values.length > max) {
      throw CommonErrors.invalidInput(field, {
        'zh-CN': `${label['zh-CN']}最多${max}项`,
        en: `${label.en} allows at most ${max} entries`,
      });
    }
    return [...new Set(values.map((v) => Validate.text(field, label, v, 32)))];
  },
};
