import type { VerificationReport } from '@app/audit';
import { CliError, EXIT, exitCodeForStatus } from '../client/exit-codes';
import type { VerifyProgressLine } from './verify-progress';

type Line =
  | ({ type: 'progress' } & VerifyProgressLine)
  | ({ type: 'report' } & VerificationReport)
  | { type: 'error'; status: number; error: string; message: string }
  | (VerificationReport & { type?: undefined });

/** The JSON lines of a body as they come. */
async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    rest += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, end).trim();
      rest = rest.slice(end + 1);
      if (line) yield line;
    }
  }
  rest += decoder.decode();
  if (rest.trim()) yield rest.trim();
}

/**
 * Follows `GET /audit/verify?stream=true`: each progress line to `onProgress`, then the report. An error line
 * (the verification failed after the answer began) becomes the CliError its status calls for; a stream that
 * ends with neither was cut. A server that answers plain JSON (older than the stream) gives its report too.
 */
export async function followVerification(
  body: ReadableStream<Uint8Array>,
  onProgress: (progress: VerifyProgressLine) => void,
): Promise<VerificationReport> {
  for await (const text of lines(body)) {
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      throw new CliError(
        `the server's verification stream holds a line that is not JSON: ${text.slice(0, 200)}`,
        EXIT.server,
      );
    }
    if (line.type === 'progress') onProgress(line);
    else if (line.type === 'error')
      throw new CliError(
        `verification failed on the server: ${line.status} ${line.error}: ${line.message}`,
        exitCodeForStatus(line.status),
      );
    else if (line.type === 'report' || (line.type === undefined && typeof line.ok === 'boolean')) {
      const { type: _type, ...report } = line;
      return report as VerificationReport;
    }
  }
  throw new CliError('the verification stream ended before its report: the connection was cut', EXIT.server);
}
