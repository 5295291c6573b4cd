import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { FileKeyStore, parseEventLine, verifyLog, type AuditEvent } from '@app/audit';
import { writeChainedLog } from './audit/audit-log-fixture';
import { makeTempDir, removeTempDir } from './support/temp-dirs';
async function main() {
  const dir = makeTempDir('prof');
  const file = join(dir, 'e.ndjson');
  const key = new FileKeyStore(dir).generate();
  const { checkpoint } = await writeChainedLog(file, 200000, key);
  for (let k = 0; k < 3; k++) {
    let events = 0;
    const t = performance.now();
    async function* parsed(): AsyncGenerator<AuditEvent> {
      for await (const line of createInterface({
        input: createReadStream(file, { highWaterMark: 1 << 20 }),
        crlfDelay: Infinity,
      }))
        yield parseEventLine(line, ++events);
    }
    const r = await verifyLog({
      auditStream: [checkpoint],
      log: parsed(),
      trustedKeys: new Map([[key.keyId, key.publicKeyPem]]),
    });
    console.log(r.ok, (((performance.now() - t) * 1000) / events).toFixed(2), 'µs/event');
  }
  removeTempDir(dir);
}
main();
