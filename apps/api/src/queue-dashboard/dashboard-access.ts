import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActorResolver } from '#auth';
import {
  CommonErrors,
  DomainError,
  hasRole,
  localeFromHeader,
  type Actor,
  type AppConfig,
} from '#core';
import { QUEUE_DASHBOARD_PATH } from './dashboard-path.js';
import { SIGN_IN_PAGE, SIGN_IN_PAGE_POLICY } from './sign-in-page.js';

/**
 * What the board's pages may load: their own scripts, styles and data, and
 * inline styles (the page and React set style attributes). Nothing from
 * elsewhere: Bull Board's page asks Google Fonts for its typeface, which is
 * unreachable from mainland China and would hold the page until it times
 * out; refused at once, the page falls back to the system's sans-serif.
 */
const BOARD_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** The dashboard's own cookie: sent to nothing but the dashboard. */
const COOKIE = 'vanguard_queue_dashboard';

const READ_ONLY = new DomainError('READ_ONLY', 'FORBIDDEN', {
  'zh-CN': '队列面板只读',
  en: 'The queue dashboard is read-only',
});

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function cookieToken(request: FastifyRequest): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at !== -1 && pair.slice(0, at).trim() === COOKIE) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/** A browser navigating to a page, rather than a script or the board's own API calls. */
function navigation(request: FastifyRequest): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}

/**
 * A refusal in the shape every other refusal of the API has (docs/http.md);
 * a browser that is not signed in gets the sign-in page with its 401.
 */
function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  error: DomainError,
): FastifyReply {
  const locale = localeFromHeader(request.headers['accept-language']);
  if (status === 401) void reply.header('www-authenticate', 'Bearer');
  if (status === 401 && navigation(request)) {
    return reply
      .code(401)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', SIGN_IN_PAGE_POLICY)
      .header('cache-control', 'no-store')
      .send(SIGN_IN_PAGE);
  }
  return reply.code(status).send({
    data: null,
    errors: [
      {
        message: error.localized(locale),
        extensions: { code: error.code, category: error.category, requestId: request.id },
      },
    ],
  });
}

/**
 * Who may see the queue dashboard: an OPERATOR, resolved from a bearer
 * access token by the same {@link ActorResolver} as GraphQL, so a logout, a
 * disabled account or a revoked grant shuts the dashboard at once too.
 *
 * A browser cannot add an Authorization header to a page it navigates to,
 * so an operator first exchanges the token for the dashboard's cookie
 * (`POST /admin/queues/session` with the header). The cookie holds that
 * access token and is checked like the header on every request; it is
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page
 * makes the browser send it), limited to the dashboard's path (GraphQL
 * never sees it, and reads tokens from the header only) and lives no
 * longer than an access token. Only the header can set it, and no
 * cross-site page can send that header without a CORS preflight.
 */
export class DashboardAccess {
  constructor(
    private readonly actors: ActorResolver,
    private readonly config: AppConfig,
  ) {}

  /** onRequest hook of every dashboard route: 401 without a valid token, 403 unless OPERATOR. */
  readonly requireOperator = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    const refusal = await this.refusal(request, bearerToken(request) ?? cookieToken(request));
    if (refusal) return refuse(request, reply, refusal.status, refusal.error);
    // The dashboard shows and never changes: its queues are read-only too,
    // and refusing every other method here makes that hold for every route.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(request, reply, 405, READ_ONLY);
    }
    void reply.header('content-security-policy', BOARD_POLICY);
    return undefined;
  };

  /** `POST /admin/queues/session`: an operator's bearer token becomes the dashboard's cookie. */
  readonly openSession = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request);
    const refusal = await this.refusal(request, token);
    if (refusal) return refuse(request, reply, refusal.status, refusal.error);
    const attributes = [
      `Path=${QUEUE_DASHBOARD_PATH}`,
      `Max-Age=${this.config.auth.accessTokenTtlSeconds}`,
      'HttpOnly',
      'SameSite=Strict',
      // Development runs on plain http://127.0.0.1, where a Secure cookie is not kept.
      ...(this.config.isProduction ? ['Secure'] : []),
    ];
    return reply
      .code(204)
      .header('set-cookie', `${COOKIE}=${token}; ${attributes.join('; ')}`)
      .header('cache-control', 'no-store')
      .send();
  };

  private async refusal(
    request: FastifyRequest,
    token: string | undefined,
  ): Promise<{ status: number; error: DomainError } | undefined> {
    let actor: Actor;
    try {
      if (token === undefined) throw CommonErrors.unauthenticated();
      ({ actor } = await this.actors.resolve(token, request.id));
    } catch (error) {
      // A bad, expired or revoked token; anything else (the database is
      // down) is the server's failure, not the caller's.
      if (error instanceof DomainError) {
        return { status: 401, error: CommonErrors.unauthenticated() };
      }
      throw error;
    }
    return hasRole(actor, 'OPERATOR')
      ? undefined
      : { status: 403, error: CommonErrors.forbidden() };
  }
}
