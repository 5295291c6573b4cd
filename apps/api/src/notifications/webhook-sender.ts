import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { resolveWebhookHost } from './address-guard';

export interface SignedMessage {
  url: string;
  secret: string;
  webhookId: string;
  /** Wall-clock time of this attempt: receivers check it against their own clock (5 minutes' tolerance). */
  sentAt: Date;
  body: string;
}

export interface SendLimits {
  timeoutMs: number;
  allowedHosts: readonly string[];
  /** Aborts the attempt (the server is stopping). */
  stop?: AbortSignal;
}

/** How much of a receiver's answer is read (and dropped): enough to free the connection, not to fill memory. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** The Standard Webhooks headers of one attempt: the id stays the same across retries, the timestamp does not. */
export function signedHeaders(message: SignedMessage): Record<string, string> {
  const signature = new Webhook(message.secret).sign(message.webhookId, message.sentAt, message.body);
  return {
    'content-type': 'application/json',
    'user-agent': 'migration-tracker-webhooks/1',
    'webhook-id': message.webhookId,
    'webhook-timestamp': String(Math.floor(message.sentAt.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

/**
 * One POST, no redirects followed, to the address checked by resolveWebhookHost (the connection's lookup
 * returns that address, so TLS and the Host header still use the name). Resolves with the HTTP status;
 * rejects on refusal, network error or timeout (the whole attempt, connection to last byte).
 */
export async function sendWebhook(message: SignedMessage, limits: SendLimits): Promise<number> {
  const url = new URL(message.url);
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = limits.stop ? AbortSignal.any([timeout, limits.stop]) : timeout;
  // The name's resolution counts in the attempt's time: a resolver that never answers frees the slot too.
  const checked = await untilAborted(resolveWebhookHost(url, limits.allowedHosts), signal, () =>
    timeout.aborted ? new Error(`no answer within ${limits.timeoutMs} ms`) : new Error('stopped'),
  );
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: checked.address, family: checked.family }]);
    else callback(null, checked.address, checked.family);
  };
  const body = Buffer.from(message.body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...signedHeaders(message), 'content-length': String(body.length) },
        lookup: pinned,
        signal,
        agent: false,
      },
      (response: IncomingMessage) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        response.on('close', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', (error) =>
      reject(timeout.aborted ? new Error(`no answer within ${limits.timeoutMs} ms`) : error),
    );
    request.end(body);
  });
}

/** `work`, or a rejection with `reason()` as soon as `signal` aborts (what `work` does then is not awaited). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, reason: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(reason());
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
