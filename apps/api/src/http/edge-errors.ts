import { DomainError, type LocalizedMessage } from '#core';

/**
 * A request refused at the HTTP edge, before GraphQL runs. It answers in the
 * GraphQL error shape like any other error, but its HTTP status says what was
 * wrong with the request itself (413, 415, 400).
 */
export class EdgeError extends DomainError {
  constructor(
    readonly statusCode: number,
    code: string,
    messages: LocalizedMessage,
  ) {
    super(code, 'BAD_USER_INPUT', messages);
    this.name = 'EdgeError';
  }
}

export const EdgeErrors = {
  payloadTooLarge: () =>
    new EdgeError(413, 'PAYLOAD_TOO_LARGE', {
      'zh-CN': '请求体过大',
      en: 'The request body is too large',
    }),
  unsupportedMediaType: () =>
    new EdgeError(415, 'UNSUPPORTED_MEDIA_TYPE', {
      'zh-CN': '请求体须为 JSON（Content-Type: application/json）',
      en: 'The request body must be JSON (Content-Type: application/json)',
    }),
  malformedRequest: () =>
    new EdgeError(400, 'BAD_USER_INPUT', {
      'zh-CN': '请求格式错误，请求体须为有效的 JSON',
      en: 'Malformed request: the body must be valid JSON',
    }),
  nulCharacter: () =>
    new EdgeError(400, 'BAD_USER_INPUT', {
      'zh-CN': '请求包含非法的空字符（U+0000）',
      en: 'The request contains a NUL character (U+0000)',
    }),
  preflightRequired: () =>
    new EdgeError(400, 'PREFLIGHT_REQUIRED', {
      'zh-CN': 'GET 请求须带 Authorization 或 GraphQL-Preflight 请求头',
      en: 'A GET request needs an Authorization or a GraphQL-Preflight header',
    }),
};

/**
 * The edge error a failure stands for: an {@link EdgeError}, or one of
 * Fastify's or Mercurius's own client errors (a body over the limit, a media
 * type nothing parses, a malformed body or query string), which carry a 4xx
 * `statusCode` and an `FST_`/`MER_` code. Anything else is not the client's
 * mistake and gets undefined.
 */
export function edgeErrorOf(error: unknown): EdgeError | undefined {
  if (error instanceof EdgeError) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || typeof statusCode !== 'number') return undefined;
  if (!code.startsWith('FST_') && !code.startsWith('MER_')) return undefined;
  if (statusCode === 413) return EdgeErrors.payloadTooLarge();
  if (statusCode === 415) return EdgeErrors.unsupportedMediaType();
  return statusCode >= 400 && statusCode < 500 ? EdgeErrors.malformedRequest() : undefined;
}
