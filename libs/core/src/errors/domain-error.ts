/** The languages every user-facing message is written in. */
export type Locale = 'zh-CN' | 'en';

export interface LocalizedMessage {
  readonly 'zh-CN': string;
  readonly en: string;
}

/**
 * The broad class of a failure; the transport maps it to a status and to
 * GraphQL `extensions.category`, while `code` names the precise rule.
 */
export type ErrorCategory =
  'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED';

/**
 * Facts a client can act on, copied into GraphQL `extensions` (when to retry,
 * until when a lockout lasts). Like the messages they are shown to anyone who
 * made the call: never personal data, never internal detail.
 */
export type ErrorDetails = Readonly<Record<string, string | number>>;

/**
 * The one error type domain code throws. Its messages are safe to show: they
 * never carry personal data (a phone, an ID number) or internal detail, only
 * the rule that was broken and, for input errors, the field's name.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly category: ErrorCategory,
    readonly messages: LocalizedMessage,
    readonly field?: string,
    readonly details?: ErrorDetails,
  ) {
    super(messages.en);
    this.name = 'DomainError';
  }

  localized(locale: Locale): string {
    return this.messages[locale];
  }
}

/** Generic errors every feature shares; features add their own codes. */
export const CommonErrors = {
  invalidInput: (field: string, messages: LocalizedMessage) =>
    new DomainError('BAD_USER_INPUT', 'BAD_USER_INPUT', messages, field),
  unauthenticated: () =>
    new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', {
      'zh-CN': '请先登录',
      en: 'Authentication required',
    }),
  forbidden: () =>
    new DomainError('FORBIDDEN', 'FORBIDDEN', {
      'zh-CN': '无权执行此操作',
      en: 'You are not allowed to do this',
    }),
  /** Also used for records outside the actor's scope, so scope is not probed by id. */
  notFound: (entity: LocalizedMessage) =>
    new DomainError('NOT_FOUND', 'NOT_FOUND', {
      'zh-CN': `${entity['zh-CN']}不存在`,
      en: `${entity.en} not found`,
    }),
  conflict: (code: string, messages: LocalizedMessage) =>
    new DomainError(code, 'CONFLICT', messages),
};

/** Picks the response language from an Accept-Language header; zh-CN unless English is asked for first. */
export function localeFromHeader(header: string | undefined): Locale {
  const first = header?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
