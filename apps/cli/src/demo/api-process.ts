import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ApiProcess {
  url: string;
  child: ChildProcess;
}

/** The API's entry point next to this CLI: compiled when the CLI runs compiled, else the TypeScript source. */
function apiEntry(): string[] {
  const compiled = resolve(__dirname, '../../../../../api/apps/api/src/main.js');
  if (__filename.endsWith('.js') && existsSync(compiled)) return [compiled];
  const root = resolve(__dirname, '../../../..');
  return ['-r', '@swc-node/register', join(root, 'apps/api/src/main.ts')];
}

/** Starts the tracker as a child process and resolves once it listens (its URL read from its first line). */
export function startApiProcess(env: Record<string, string>, cwd: string): Promise<ApiProcess> {
  const child = spawn(process.execPath, apiEntry(), {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.stderr?.pipe(process.stderr);
        resolvePromise({ url: match[1].replace(/\/$/, ''), child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`the tracker exited with ${code} before listening:\n${output}`)),
    );
  });
}
