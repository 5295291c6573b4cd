import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toErrorBody } from './error-body';

/** The one place where errors become HTTP answers. */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const [status, body] = toErrorBody(exception);
    // Refusals that say when to come back (429, a busy 503) say it in the header too.
    const retryAfter = body.details.retryAfterSeconds;
    if (status >= 500 && retryAfter === undefined)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    reply.status(status).send(body);
  }
}
