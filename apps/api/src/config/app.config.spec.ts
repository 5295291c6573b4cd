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
});
