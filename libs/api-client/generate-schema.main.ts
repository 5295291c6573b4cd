/**
 * Regenerates libs/api-client/src/schema.d.ts from the OpenAPI document of a real server (started here on a
 * throwaway data dir, never listening beyond 127.0.0.1): `node -r @swc-node/register
 * libs/api-client/generate-schema.main.ts`. test/openapi-client.e2e-spec.ts fails when the committed file
 * differs from what this writes. A build tool, so it may start the API; the lib itself never imports it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../../apps/api/src/bootstrap/create-app';
import { loadConfig } from '../../apps/api/src/config/app.config';

const ROOT = join(__dirname, '..', '..');
export const SCHEMA_FILE = join(ROOT, 'libs', 'api-client', 'src', 'schema.d.ts');
export const REGENERATE_COMMAND = 'node -r @swc-node/register libs/api-client/generate-schema.main.ts';

/** The TypeScript openapi-typescript writes for a document (run from the root, so it reads redocly.yaml). */
export async function renderSchema(document: unknown): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-api-client-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    await promisify(execFile)(
      join(ROOT, 'node_modules', '.bin', 'openapi-typescript'),
      // A default is what the server assumes when a field is left out: the field stays optional in the types.
      [join(dir, 'openapi.json'), '--output', join(dir, 'schema.d.ts'), '--default-non-nullable', 'false'],
      {
        cwd: ROOT,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    // Formatted as the repository formats its TypeScript, so `npm run format` leaves it as generated.
    // (Prettier's CLI rather than its API: the API loads its plugins with a dynamic import Jest refuses.)
    return execFileSync(join(ROOT, 'node_modules', '.bin', 'prettier'), ['--stdin-filepath', SCHEMA_FILE], {
      cwd: ROOT,
      input: readFileSync(join(dir, 'schema.d.ts'), 'utf8'),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-api-client-data-'));
  const app = await createApp(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      API_KEYS: 'generator:viewer:generator-key-0001',
    }),
  );
  try {
    await app.listen(0, '127.0.0.1');
    const document = await (await fetch(`${await app.getUrl()}/docs-json`)).json();
    writeFileSync(SCHEMA_FILE, await renderSchema(document));
    process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
