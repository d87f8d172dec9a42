import { GraphQLError, type ExecutionResult } from 'graphql';
import { DomainError, localeFromHeader, type Locale, type Logger } from '#core';
import { isInvalidInputData, sqlState } from '#database';
import { edgeErrorOf } from '../http/edge-errors.js';
import { QUERY_TOO_COMPLEX } from './limits.js';

interface FormattedError {
  message: string;
  locations?: GraphQLError['locations'];
  path?: GraphQLError['path'];
  extensions: Record<string, unknown>;
}

const INTERNAL = {
  'zh-CN': '服务器内部错误，请稍后再试',
  en: 'Internal server error, please try again later',
};
const INVALID_REQUEST = {
  'zh-CN': '请求无效',
  en: 'Invalid request',
};
const TOO_COMPLEX = {
  'zh-CN': '查询过于复杂',
  en: 'The query is too complex',
};
const UNSTORABLE = {
  'zh-CN': '请求包含无法保存的数据（如空字符、不存在的日期或过长的文字）',
  en: 'The request holds data that cannot be stored (a NUL character, an impossible date or an over-long text)',
};

/** How errors are told: production hides what would map the schema for a stranger. */
export interface ErrorFormatOptions {
  /** Strip graphql-js's "Did you mean …?" hints, which name fields introspection hides. */
  readonly hideSuggestions: boolean;
}

/**
 * graphql-js appends its suggestions last, always as " Did you mean …?"
 * (fields, arguments, types, enum values, input fields, inline fragments).
 */
function withoutSuggestions(message: string): string {
  const at = message.indexOf(' Did you mean ');
  return at === -1 ? message : message.slice(0, at);
}

/** Errors GraphQL itself raises before execution (syntax, unknown field or enum value, limits). */
function isRequestError(error: GraphQLError): boolean {
  return error.originalError === undefined || error.originalError instanceof GraphQLError;
}

/** A DomainError as the client sees it: the message in their language, its code and field. */
export function formatDomainError(
  cause: DomainError,
  locale: Locale,
  requestId: string,
): Pick<FormattedError, 'message' | 'extensions'> {
  return {
    message: cause.localized(locale),
    extensions: {
      ...cause.details,
      code: cause.code,
      category: cause.category,
      ...(cause.field ? { field: cause.field } : {}),
      requestId,
    },
  };
}

/**
 * The one place errors become responses. Requests refused at the HTTP edge
 * keep their 4xx status (413, 415, 400); domain errors keep their code and
 * speak the caller's language; GraphQL's own request errors become
 * BAD_USER_INPUT or QUERY_TOO_COMPLEX; a value PostgreSQL refuses as data is
 * BAD_USER_INPUT too, with a warning; anything else is masked as an internal
 * error with the request id, and logged (scrubbed) for operators. No stack,
 * SQL or personal data ever reaches the client.
 */
export function formatError(
  error: GraphQLError,
  context: { locale: Locale; requestId: string; logger: Logger } & ErrorFormatOptions,
): { formatted: FormattedError; status: number } {
  const { locale, requestId } = context;
  const base = { locations: error.locations, path: error.path };
  const original = error.originalError;
  const domainError = (cause: DomainError): FormattedError => ({
    ...base,
    ...formatDomainError(cause, locale, requestId),
  });
  const edge = edgeErrorOf(original);
  if (edge) return { status: edge.statusCode, formatted: domainError(edge) };
  if (original instanceof DomainError) {
    // Rate limiting is the one refusal HTTP itself has a word for (with Retry-After, see DomainErrorFilter).
    return {
      status: original.category === 'RATE_LIMITED' ? 429 : 200,
      formatted: domainError(original),
    };
  }
  if (isRequestError(error)) {
    const source = original instanceof GraphQLError ? original : error;
    const code =
      source.extensions.code === QUERY_TOO_COMPLEX ? QUERY_TOO_COMPLEX : 'BAD_USER_INPUT';
    const summary = code === QUERY_TOO_COMPLEX ? TOO_COMPLEX : INVALID_REQUEST;
    return {
      status: 400,
      formatted: {
        ...base,
        // GraphQL's own sentence says what was wrong with the document; it
        // quotes only the caller's own request back to them.
        message: `${summary[locale]}: ${context.hideSuggestions ? withoutSuggestions(error.message) : error.message}`,
        extensions: { code, category: 'BAD_USER_INPUT', requestId },
      },
    };
  }
  if (isInvalidInputData(original)) {
    // A gap in validation, worth an operator's look, but the client's value:
    // a warning without the value (it may be personal data) or a stack.
    context.logger.warn(
      { sqlState: sqlState(original), requestId, path: error.path },
      'database refused a value from the request',
    );
    return {
      status: 400,
      formatted: {
        ...base,
        message: UNSTORABLE[locale],
        extensions: { code: 'BAD_USER_INPUT', category: 'BAD_USER_INPUT', requestId },
      },
    };
  }
  context.logger.error(
    { err: original, requestId, path: error.path },
    'unexpected error in resolver',
  );
  return {
    status: 500,
    formatted: {
      ...base,
      message: INTERNAL[locale],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
    },
  };
}

/**
 * Mercurius reports a document that fails validation as one error whose
 * originalError carries the list of GraphQL validation errors; unwrap them so
 * each is classified on its own.
 */
function unwrapRequestErrors(error: GraphQLError): GraphQLError[] {
  const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(inner)) return [error];
  return inner.map((e: unknown) =>
    e instanceof GraphQLError ? e : new GraphQLError(e instanceof Error ? e.message : String(e)),
  );
}

/**
 * Mercurius's errorFormatter: formats every error and picks the HTTP status.
 * It also answers the request errors Fastify and the edge raise before
 * GraphQL runs (body too large, wrong media type, malformed JSON, NUL).
 */
export function mercuriusErrorFormatter(logger: Logger, options: ErrorFormatOptions) {
  return (
    execution: ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>,
    context: { reply?: { request: { id: string; headers: Record<string, unknown> } } },
  ) => {
    const request = context.reply?.request;
    const locale = localeFromHeader(
      typeof request?.headers['accept-language'] === 'string'
        ? request.headers['accept-language']
        : undefined,
    );
    const requestId = request?.id ?? 'unknown';
    const results = execution.errors
      .flatMap(unwrapRequestErrors)
      .map((e) => formatError(e, { locale, requestId, logger, ...options }));
    const hasData = execution.data !== undefined && execution.data !== null;
    return {
      statusCode: hasData ? 200 : Math.max(...results.map((r) => r.status)),
      response: { data: execution.data ?? null, errors: results.map((r) => r.formatted) },
    };
  };
}
