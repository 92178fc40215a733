import { jsonDepthExceeds } from './json-depth.js';

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('jsonDepthExceeds', () => {
  it('counts scalars as depth 0 and each object or array as one level more', () => {
    expect(jsonDepthExceeds(42, 0)).toBe(false);
    expect(jsonDepthExceeds({ a: 1 }, 0)).toBe(true);
    expect(jsonDepthExceeds({ a: 1 }, 1)).toBe(false);
    expect(jsonDepthExceeds({ a: { b: [1] } }, 3)).toBe(false);
    expect(jsonDepthExceeds({ a: { b: [1] } }, 2)).toBe(true);
  });

  it('measures nesting far beyond what a recursive walk survives', () => {
    expect(jsonDepthExceeds(nested(100_000), 32)).toBe(true);
    expect(jsonDepthExceeds(nested(32), 32)).toBe(false);
  });
});
