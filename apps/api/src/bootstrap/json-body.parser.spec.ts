import { jsonDepthExceeds } from './json-body.parser';

describe('JSON depth limit', () => {
  it('counts nested objects and arrays', () => {
    expect(jsonDepthExceeds('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds('['.repeat(3000) + ']'.repeat(3000), 64)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[\\"' }), 1)).toBe(false);
  });

  it('counts siblings once', () => {
    expect(jsonDepthExceeds('[[1],[2],[3],[4]]', 2)).toBe(false);
  });
});
