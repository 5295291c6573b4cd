import { readFileSync, writeFileSync } from 'node:fs';
import { listenApi } from '../support/bench-api';

/**
 * The API on a data dir (argv[2]), with an auditor key (argv[3]), for audit-memory.main.ts, in a process of its own so that its peak RSS is the
 * server's alone. Messages: `reset` clears the kernel's peak-RSS mark (after start-up and the read models'
 * catch-up, so the peak is the audit operation's); `peak` answers the peak and current RSS in bytes.
 */

function statusKb(field: string): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1] ?? NaN);
}

async function main(): Promise<void> {
  const api = await listenApi(process.argv[2], 'normal', {
    API_KEYS: `bench-auditor:auditor:${process.argv[3]}`,
    CHECKPOINT_EVERY_MINUTES: '5256000',
    CHECKPOINT_EVERY_EVENTS: '10000000',
  });
  process.on('message', (message: string) => {
    if (message === 'reset') {
      global.gc?.();
      // 5: reset the peak resident set size (VmHWM) to the current one (Linux 4.0+).
      writeFileSync('/proc/self/clear_refs', '5');
      process.send!({ reset: true, rss: statusKb('VmRSS') * 1024 });
    } else if (message === 'peak') {
      process.send!({ peak: statusKb('VmHWM') * 1024, rss: statusKb('VmRSS') * 1024 });
    } else if (message === 'stop') {
      void api.close().then(() => process.exit(0));
    }
  });
  process.send!({ origin: api.origin });
}

void main();
