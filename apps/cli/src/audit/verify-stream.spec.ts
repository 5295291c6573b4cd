import { CliError, EXIT } from '../client/exit-codes';
import { followVerification } from './verify-stream';
import type { VerifyProgressLine } from './verify-progress';

/** A body delivered in the given chunks (lines may be cut anywhere). */
function body(...chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
}

const REPORT = { ok: true, events: 2, breaks: [] };

describe('following a streamed verification', () => {
  it('passes each progress line on, lines cut anywhere, and returns the report without its type', async () => {
    const seen: VerifyProgressLine[] = [];
    const report = await followVerification(
      body(
        '{"type":"progress","phase":"signing","events":0,"total":null}\n{"type":"pro',
        'gress","phase":"events","events":1,"total":2}\n',
        `${JSON.stringify({ type: 'report', ...REPORT })}\n`,
      ),
      (line) => seen.push(line),
    );
    expect(seen.map((line) => [line.phase, line.events])).toEqual([
      ['signing', 0],
      ['events', 1],
    ]);
    expect(report).toEqual(REPORT);
  });

  it('takes the plain JSON report of a server older than the stream', async () => {
    expect(await followVerification(body(JSON.stringify(REPORT)), () => undefined)).toEqual(REPORT);
  });

  it('turns an error line into the CliError of its status', async () => {
    const error = await followVerification(
      body('{"type":"error","status":503,"error":"store_unavailable","message":"down","details":{}}\n'),
      () => undefined,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({
      message: 'verification failed on the server: 503 store_unavailable: down',
    });
    expect((error as CliError).exitCode).toBe(EXIT.server);
  });

  it('says the connection was cut when the stream ends without a report', async () => {
    await expect(
      followVerification(
        body('{"type":"progress","phase":"events","events":1,"total":2}\n'),
        () => undefined,
      ),
    ).rejects.toThrow('the verification stream ended before its report: the connection was cut');
  });
});
