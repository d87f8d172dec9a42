import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, localeFromHeader, type ErrorCategory, type Logger } from '#core';
import { PHOTO_PATH, PhotosErrors, type PhotosService } from '#domain/photos';
import { EXPORT_PATH, type ReportExports } from '#domain/reports';
import type { LinkQuery } from '#storage';
import { formatDomainError } from '../graphql/error-formatter.js';
import { EdgeError, edgeErrorOf } from './edge-errors.js';

const STATUS_OF_CATEGORY: Record<ErrorCategory, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};
/** Refusals HTTP has a word of its own for. */
const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  PHOTO_TOO_LARGE: 413,
  PHOTO_TYPE_MISMATCH: 415,
};

type FileRequest = FastifyRequest<{ Params: { id: string }; Querystring: Partial<LinkQuery> }>;

/**
 * Files, outside GraphQL: `PUT /files/photos/<id>` takes an upload through
 * the link requestPhotoUpload gave, `GET` serves a photo through a link a
 * duty log's `photos` gave; `GET /files/exports/<id>` serves a report
 * export through the link its `download` gave. The signed link is the
 * whole permission (no login: an image tag, a phone's background upload or
 * a browser's download sends none); the access log drops the query string
 * that carries it. Refusals have the GraphQL error shape, with their HTTP
 * status.
 */
export function registerFileRoutes(
  fastify: FastifyInstance,
  files: { photos: PhotosService; exports: ReportExports },
  options: { maxBytes: number; logger: Logger },
): void {
  const { photos, exports } = files;
  void fastify.register((scope, _opts, done) => {
    // Any type arrives as bytes (up to the photo limit): the service judges
    // the bytes, not the header.
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: options.maxBytes },
      (_request, body, parsed) => {
        parsed(null, body);
      },
    );
    // The link is checked before the body is read: no stranger makes the
    // API hold a body of megabytes.
    scope.addHook('onRequest', (request: FileRequest, _reply, next) => {
      const refused =
        request.method === 'PUT' && !photos.uploadLinkWorks(request.params.id, request.query);
      next(refused ? PhotosErrors.link() : undefined);
    });
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const refusal =
        error instanceof DomainError
          ? error
          : error.statusCode === 413
            ? PhotosErrors.tooLarge(options.maxBytes)
            : edgeErrorOf(error);
      if (refusal) return refuse(request, reply, refusal);
      options.logger.error({ err: error, reqId: request.id }, 'file request failed');
      return reply.status(500).send({ errors: [{ message: 'Internal server error' }] });
    });

    scope.put(`${PHOTO_PATH}/:id`, async (request: FileRequest, reply) => {
      const body: unknown = request.body;
      if (!Buffer.isBuffer(body)) throw PhotosErrors.contentMismatch();
      const photo = await photos.receive(request.params.id, request.query, body);
      return reply.status(201).send({
        id: photo.id,
        contentType: photo.contentType,
        bytes: photo.bytes,
      });
    });

    scope.get(`${PHOTO_PATH}/:id`, async (request: FileRequest, reply) => {
      const photo = await photos.open(request.params.id, request.query);
      return reply
        .type(photo.contentType)
        .header('content-length', photo.bytes)
        .header('cache-control', 'private, max-age=60')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', 'inline')
        .send(photo.body);
    });

    scope.get(`${EXPORT_PATH}/:id`, async (request: FileRequest, reply) => {
      const file = await exports.open(request.params.id, request.query);
      return reply
        .type(file.contentType)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .send(file.body);
    });
    done();
  });
}

function refuse(request: FastifyRequest, reply: FastifyReply, error: DomainError): FastifyReply {
  const locale = localeFromHeader(request.headers['accept-language']);
  const status =
    error instanceof EdgeError
      ? error.statusCode
      : (STATUS_OF_CODE[error.code] ?? STATUS_OF_CATEGORY[error.category]);
  return reply.status(status).send({ errors: [formatDomainError(error, locale, request.id)] });
}
