import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { JsonObject } from '../event-store.port';
import type { SqliteDurability } from '../sqlite-schema';
import type { AcknowledgedEvent } from './contract-helpers';

const WRITER = join(__dirname, 'sqlite-crash-writer.ts');

/**
 * Forks sqlite-crash-writer.ts on `filename`, kills it with SIGKILL once it has acknowledged `killAfter`
 * events (so mostly in the middle of a commit), and resolves with every event it acknowledged.
 */
export function killSqliteWriterMidStream(
  filename: string,
  streamId: string,
  durability: SqliteDurability,
  killAfter = 600,
): Promise<AcknowledgedEvent[]> {
  return new Promise((resolve, reject) => {
    const child = fork(WRITER, [filename, streamId, durability], {
      execArgv: ['-r', require.resolve('@swc-node/register')],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const acknowledged: AcknowledgedEvent[] = [];
    let pending = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? ''; // an unfinished line is not an acknowledgement
      for (const line of lines) {
        const ack = JSON.parse(line) as { id: string; revision: string; data: JsonObject };
        acknowledged.push({ id: ack.id, streamId, revision: BigInt(ack.revision), data: ack.data });
      }
      if (acknowledged.length >= killAfter) child.kill('SIGKILL');
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    // 'close' comes after the pipes are drained: acknowledgements written just before the kill are counted.
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`Crash writer exited with ${code ?? signal}: ${stderr}`));
    });
  });
}
