import { Catch, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '#core';

/**
 * A DomainError is an answer, not a fault: bad input, a refused transition, a
 * missing permission. Rethrowing it here hands it straight to GraphQL (whose
 * error formatter localises it) instead of Nest's default handler, which
 * would log every refused request at error level. Unexpected errors still go
 * to Nest's handler, are logged, and are masked by the formatter.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError): never {
    throw error;
  }
}
