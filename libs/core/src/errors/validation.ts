import { isLocalDate } from '../time/local-date.js';
import { CommonErrors, type LocalizedMessage } from './domain-error.js';

/** What one pass over a text found: its length in code points and what it contains. */
interface TextScan {
  readonly codePoints: number;
  /** At least one character that shows: not blank, not a zero-width character. */
  readonly visible: boolean;
  /** A control character, a text-direction control or a broken surrogate pair. */
  readonly forbidden: boolean;
}

/**
 * Control characters, and the bidirectional controls that reorder what
 * follows them: `张\u202E三` shows as another name than the one stored, the
 * classic way to disguise text shown to other people (U+202A–202E embeddings
 * and overrides, U+2066–2069 isolates, U+200E/200F/061C direction marks).
 */
function isForbidden(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0x200e ||
    c === 0x200f ||
    c === 0x061c
  );
}

/**
 * Characters that show nothing: spaces, and the zero-width space, joiners and
 * word joiner (U+200B–200D, U+2060, U+FEFF). Zero-width joiners are legitimate
 * inside text (emoji sequences), so they are allowed, but text made only of
 * them is empty.
 */
function isBlank(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x2060 ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** One pass over UTF-16 code units: cheap enough for every text of every mutation. */
function scan(text: string): TextScan {
  let codePoints = 0;
  let visible = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    codePoints++;
    if (c >= 0xd800 && c <= 0xdbff) {
      // A character outside the BMP (a 生僻字 such as 𠮷) is one code point, as
      // PostgreSQL's char_length counts it; an unpaired half cannot be stored.
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return { codePoints, visible, forbidden: true };
      i++;
      visible = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return { codePoints, visible, forbidden: true };
    } else if (isForbidden(c)) {
      return { codePoints, visible, forbidden: true };
    } else if (!isBlank(c)) {
      visible = true;
    }
  }
  return { codePoints, visible, forbidden: false };
}

/**
 * Small input checks shared by every mutation. Each failure is a typed
 * BAD_USER_INPUT naming the field, and never echoes the rejected value.
 */
export const Validate = {
  /**
   * Human text that other people will read (names, purposes, specialties,
   * reasons). Chinese names may lie outside the BMP (生僻字) or contain a
   * middle dot (买买提·艾力), so length is counted in code points and only
   * control and text-direction characters are refused, never a character
   * whitelist; text that shows nothing once zero-width characters are
   * discounted is empty.
   */
  text(field: string, label: LocalizedMessage, value: string, maxLength: number): string {
    const trimmed = value.trim();
    const { codePoints, visible, forbidden } = scan(trimmed);
    if (forbidden) {
      throw CommonErrors.invalidInput(field, {
        'zh-CN': `${label['zh-CN']}包含非法字符`,
        en: `${label.en} contains control or text-direction characters`,
      });
    }
    if (!visible) {
      throw CommonErrors.invalidInput(field, {
        'zh-CN': `${label['zh-CN']}不能为空`,
        en: `${label.en} must not be empty`,
      });
    }
    if (codePoints > maxLength) {
      throw CommonErrors.invalidInput(field, {
        'zh-CN': `${label['zh-CN']}不能超过${maxLength}个字符`,
        en: `${label.en} must be at most ${maxLength} characters`,
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

  /** A calendar date, YYYY-MM-DD, that exists (not 2025-02-30), 1900 to 9999. */
  date(field: string, label: LocalizedMessage, value: string): string {
    if (!isLocalDate(value)) {
      throw CommonErrors.invalidInput(field, {
        'zh-CN': `${label['zh-CN']}应为有效日期（YYYY-MM-DD）`,
        en: `${label.en} must be a real calendar date (YYYY-MM-DD)`,
      });
    }
    return value;
  },
};
