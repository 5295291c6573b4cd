import 'reflect-metadata';
import { ApiKeyRegistry } from './auth/api-key-registry';
import { createApp } from './bootstrap/create-app';
import { loadConfig } from './config/app.config';
import { simulatedClock } from './shared/clock';
import { heapLimitBytes, heapLimitMbFor, writeCacheBudget } from './write/write-cache.budget';

const MIB = 1024 * 1024;

/** A heap limit too small for WRITE_CACHE_MB (an operator's --max-old-space-size) shrinks the cache: said once. */
function warnOfSmallHeap(writeCacheBytes: number): void {
  const budget = writeCacheBudget(writeCacheBytes);
  if (budget >= writeCacheBytes) return;
  process.stderr.write(
    `Write cache: ${Math.floor(budget / MIB)} MB instead of WRITE_CACHE_MB=${writeCacheBytes / MIB}: the V8 heap ` +
      `limit (${Math.floor(heapLimitBytes() / MIB)} MB) leaves no more beside the rest of the server; start node with ` +
      `--max-old-space-size=${heapLimitMbFor(writeCacheBytes / MIB)} (bin/start-api.sh does) for the whole budget\n`,
  );
}

async function main(): Promise<void> {
  // Before the keys file is written: everything this process creates is for its own user only (file-modes.ts).
  process.umask(0o077);
  const config = loadConfig();
  warnOfSmallHeap(config.writeCacheBytes);
  let registry: ApiKeyRegistry;
  if (config.apiKeys) {
    registry = ApiKeyRegistry.fromSpec(config.apiKeys);
  } else {
    const loaded = ApiKeyRegistry.fromDataDir(config.dataDir);
    registry = loaded.registry;
    if (loaded.created) {
      // Printed once: only the hashes are stored, so these keys cannot be shown again.
      const lines = loaded.created.map(
        ({ name, role, key }) => `  ${role.padEnd(8)} ${name.padEnd(12)} ${key}`,
      );
      process.stdout.write(
        `\nFirst start: created one API key per role (only their hashes are stored in ${config.dataDir}).\n` +
          `Keep them now; they will not be shown again:\n${lines.join('\n')}\n\n`,
      );
    }
  }
  const clock = config.simulatedNow ? simulatedClock(config.simulatedNow) : undefined;
  const app = await createApp(config, { registry, clock });
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  process.stdout.write(
    `Migration tracker listening on ${url} (events: ${config.eventStoreConnectionString ? 'EventStoreDB' : `SQLite in ${config.dataDir}`}); API docs at ${url}/docs\n` +
      (config.simulatedNow
        ? `Simulated clock (TRACKER_NOW): it started at ${config.simulatedNow.toISOString()}\n`
        : ''),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
