import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../client/exit-codes';
import { DEFAULT_URL, resolveConnection } from './cli-config';

describe('where the CLI finds the API and its key', () => {
  const home = mkdtempSync(join(tmpdir(), 'tracker-config-'));
  const file = join(home, 'migration-tracker', 'config.json');
  const env = { XDG_CONFIG_HOME: home };
  beforeAll(() => {
    mkdirSync(join(home, 'migration-tracker'));
    writeFileSync(file, JSON.stringify({ url: 'http://file:3000', key: 'file-key' }), { mode: 0o600 });
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('takes flags first, then TRACKER_URL and TRACKER_KEY, then the config file', () => {
    expect(
      resolveConnection(
        { url: 'http://flag:1', key: 'flag-key' },
        { ...env, TRACKER_URL: 'http://env:2', TRACKER_KEY: 'env-key' },
      ),
    ).toEqual({
      url: 'http://flag:1',
      key: 'flag-key',
    });
    expect(resolveConnection({}, { ...env, TRACKER_URL: 'http://env:2', TRACKER_KEY: 'env-key' })).toEqual({
      url: 'http://env:2',
      key: 'env-key',
    });
    expect(resolveConnection({}, env)).toEqual({ url: 'http://file:3000', key: 'file-key' });
  });

  it('falls back to the local default without a file, and refuses a missing --config file or a bad URL', () => {
    expect(resolveConnection({}, { XDG_CONFIG_HOME: join(home, 'none') })).toEqual({
      url: DEFAULT_URL,
      key: undefined,
    });
    expect(() => resolveConnection({ config: join(home, 'missing.json') }, env)).toThrow(CliError);
    expect(() => resolveConnection({ url: 'not a url' }, env)).toThrow('--url must be an absolute URL');
  });
});
