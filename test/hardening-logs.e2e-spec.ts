import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkedFetch } from './support/checked-fetch';
import { eventually } from './support/eventually';
import { startServerProcess, type ServerProcess } from './support/server-process';
import { KEYS } from './support/test-server';

const SECRETS = {
  authorization: `Bearer ${KEYS.operator}`,
  'proxy-authorization': 'Basic cHJveHktdXNlcjpwcm94eS1zZWNyZXQ=',
  cookie: 'session=cookie-secret-value',
  'x-api-key': 'x-api-key-secret-value',
};

describe('request logs', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-logs-'));
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      API_KEYS: `ops-1:operator:${KEYS.operator}`,
    });
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('carry no credential header, whether the request is accepted or refused', async () => {
    const accepted = await checkedFetch(`${server.url}/programs`, { headers: SECRETS });
    const refused = await checkedFetch(`${server.url}/programs`, {
      headers: { ...SECRETS, authorization: 'Bearer a-wrong-key-that-must-not-be-logged' },
    });
    expect([accepted.status, refused.status]).toEqual([200, 401]);
    const log = await eventually(
      async () => server.output(),
      (output) => (output.match(/"url":"\/programs"/g) ?? []).length >= 2,
    );
    for (const secret of [...Object.values(SECRETS), KEYS.operator, 'a-wrong-key-that-must-not-be-logged']) {
      expect(log).not.toContain(secret);
    }
    const requests = log
      .split('\n')
      .filter((line) => line.includes('"url":"/programs"'))
      .map((line) => JSON.parse(line) as { req: { headers: Record<string, string> } });
    for (const { req } of requests) {
      expect(req.headers).toMatchObject({
        authorization: '[Redacted]',
        'proxy-authorization': '[Redacted]',
        cookie: '[Redacted]',
        'x-api-key': '[Redacted]',
      });
    }
  });
});
