import { loadConfig } from './app.config';

describe('loadConfig', () => {
  describe('EMBEDDED_POSITION_GAPS', () => {
    it('is off unless set to true', () => {
      expect(loadConfig({}).positionGaps).toBe(false);
      expect(loadConfig({ EMBEDDED_POSITION_GAPS: 'false' }).positionGaps).toBe(false);
      expect(loadConfig({ EMBEDDED_POSITION_GAPS: 'true' }).positionGaps).toBe(true);
    });

    it('refuses anything else, naming the variable', () => {
      expect(() => loadConfig({ EMBEDDED_POSITION_GAPS: 'yes' })).toThrow(/EMBEDDED_POSITION_GAPS must be/);
    });
  });

  describe('WRITE_CACHE_MB', () => {
    it('bounds the write cache at 256 MiB unless set, and takes any whole number of MiB, 0 included', () => {
      expect(loadConfig({}).writeCacheBytes).toBe(256 * 1024 * 1024);
      expect(loadConfig({ WRITE_CACHE_MB: '64' }).writeCacheBytes).toBe(64 * 1024 * 1024);
      expect(loadConfig({ WRITE_CACHE_MB: '0' }).writeCacheBytes).toBe(0);
      expect(loadConfig({ WRITE_CACHE_MB: '1048576' }).writeCacheBytes).toBe(1024 ** 4);
    });

    it('refuses a negative, fractional or unreadable size, naming the variable', () => {
      for (const bad of ['-1', '0.5', '256MB', '1048577'])
        expect(() => loadConfig({ WRITE_CACHE_MB: bad })).toThrow(
          /WRITE_CACHE_MB must be an integer from 0 to 1048576/,
        );
    });
  });
});
