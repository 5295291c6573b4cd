import { generationTables, physicalTableName, resolveSql, validateProjections } from './generation-tables';
import type { Projection } from './projection';
import { InvalidProjectionError } from './projection.errors';

const projection = (name: string, ...logicals: string[]): Projection => ({
  name,
  version: 1,
  tables: logicals.map((logical) => ({ logical, ddl: (physical) => [`CREATE TABLE ${physical} (id TEXT)`] })),
  apply: () => undefined,
});

describe('generation tables', () => {
  it('names a physical table after its logical name and generation', () => {
    expect(physicalTableName('market_progress', 3)).toBe('market_progress__g3');
  });

  it('resolves every placeholder of a template, and only placeholders', () => {
    const tables = generationTables(projection('progress', 'markets', 'batches'), 2);
    const sql = 'SELECT * FROM {markets} JOIN {batches} USING (id) WHERE note = \'{"x": 1}\'';
    expect(resolveSql(sql, tables, 'progress')).toBe(
      'SELECT * FROM markets__g2 JOIN batches__g2 USING (id) WHERE note = \'{"x": 1}\'',
    );
  });

  it('refuses a table the projection does not declare', () => {
    const tables = generationTables(projection('progress', 'markets'), 1);
    expect(() => resolveSql('SELECT * FROM {marktes}', tables, 'progress')).toThrow(/has no table "marktes"/);
  });

  it('refuses duplicate projections, shared tables and names that are not identifiers', () => {
    expect(() => validateProjections([projection('a', 'x'), projection('a', 'y')])).toThrow(
      InvalidProjectionError,
    );
    expect(() => validateProjections([projection('a', 'x'), projection('b', 'x')])).toThrow(
      /both "a" and "b"/,
    );
    expect(() => validateProjections([projection('a', 'x; DROP TABLE y')])).toThrow(InvalidProjectionError);
    expect(() => validateProjections([projection('a', 'x__g1')])).toThrow(InvalidProjectionError);
    expect(() => validateProjections([{ ...projection('a', 'x'), version: 0 }])).toThrow(
      /positive integer version/,
    );
  });
});
