import type { FastifyInstance, FastifyRequest } from 'fastify';
import { JsonTooDeepError, PayloadTooLargeError } from '../errors/api.errors';

export interface JsonBodyLimits {
  /** Larger bodies get 413. */
  bodyLimitBytes: number;
  /** An oversize body is read (and dropped) up to this size before the 413, so the client is still listening. */
  discardLimitBytes: number;
  /** Deeper nesting gets 400 before any parser sees it. */
  maxDepth: number;
}

/**
 * True when `text` nests objects or arrays deeper than `max`. A linear scan that skips strings: it runs before
 * JSON.parse, because parsing (and the validators' recursive walk after it) is what overflows the stack.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Replaces Fastify's application/json parser. Same parse (Fastify's own, which refuses `__proto__` and gives
 * the malformed-JSON errors the error map knows), plus a depth limit, and an oversize body read to its end
 * before the 413: a server that answers while the client is still sending resets the connection, and most
 * clients (Node's fetch among them) then see EPIPE, not the answer.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, limits: JsonBodyLimits): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    (
      request: FastifyRequest,
      payload: NodeJS.ReadableStream,
      done: (err: Error | null, body?: unknown) => void,
    ) => {
      const tooLarge = new PayloadTooLargeError(limits.bodyLimitBytes);
      // Announced beyond what we are willing to read: answer at once (Node then closes the connection).
      if (Number(request.headers['content-length']) > limits.discardLimitBytes) return done(tooLarge);
      const chunks: Buffer[] = [];
      let received = 0;
      let settled = false;
      const settle = (error: Error | null, body?: unknown) => {
        if (settled) return;
        settled = true;
        payload.removeListener('data', onData);
        done(error, body);
      };
      const onData = (chunk: Buffer) => {
        received += chunk.length;
        if (received <= limits.bodyLimitBytes) chunks.push(chunk);
        else if (received > limits.discardLimitBytes) settle(tooLarge);
      };
      payload.on('data', onData);
      payload.on('error', (error: Error) => settle(Object.assign(error, { statusCode: 400 })));
      payload.on('end', () => {
        if (received > limits.bodyLimitBytes) return settle(tooLarge);
        const text = Buffer.concat(chunks).toString('utf8');
        if (jsonDepthExceeds(text, limits.maxDepth)) return settle(new JsonTooDeepError(limits.maxDepth));
        parse(request, text, settle);
      });
    },
  );
}
