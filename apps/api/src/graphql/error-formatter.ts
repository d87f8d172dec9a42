import { GraphQLError, type ExecutionResult } from 'graphql';
import { DomainError, localeFromHeader, type Locale, type Logger } from '#core';
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

/** Errors GraphQL itself raises before execution (syntax, unknown field or enum value, limits). */
function isRequestError(error: GraphQLError): boolean {
  return error.originalError === undefined || error.originalError instanceof GraphQLError;
}

/**
 * The one place errors become responses. Domain errors keep their code and
 * speak the caller's language; GraphQL's own request errors become
 * BAD_USER_INPUT or QUERY_TOO_COMPLEX; anything else is masked as an internal
 * error with the request id, and logged (scrubbed) for operators. No stack,
 * SQL or personal data ever reaches the client.
 */
export function formatError(
  error: GraphQLError,
  context: { locale: Locale; requestId: string; logger: Logger },
): { formatted: FormattedError; status: number } {
  const { locale, requestId } = context;
  const base = { locations: error.locations, path: error.path };
  const original = error.originalError;
  if (original instanceof DomainError) {
    return {
      // Rate limiting is the one refusal HTTP itself has a word for (with Retry-After, see DomainErrorFilter).
      status: original.category === 'RATE_LIMITED' ? 429 : 200,
      formatted: {
        ...base,
        message: original.localized(locale),
        extensions: {
          ...original.details,
          code: original.code,
          category: original.category,
          ...(original.field ? { field: original.field } : {}),
          requestId,
        },
      },
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
        message: `${summary[locale]}: ${error.message}`,
        extensions: { code, category: 'BAD_USER_INPUT', requestId },
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

/** Mercurius's errorFormatter: formats every error and picks the HTTP status. */
export function mercuriusErrorFormatter(logger: Logger) {
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
      .map((e) => formatError(e, { locale, requestId, logger }));
    const hasData = execution.data !== undefined && execution.data !== null;
    return {
      statusCode: hasData ? 200 : Math.max(...results.map((r) => r.status)),
      response: { data: execution.data ?? null, errors: results.map((r) => r.formatted) },
    };
  };
}
