import { jsonDepthExceeds, jsonMembersExceed } from './json-depth.js';

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

describe('jsonMembersExceed', () => {
  it('counts object keys and array items at every depth', () => {
    expect(jsonMembersExceed({ a: 1, b: [1, 2, { c: 3 }] }, 6)).toBe(false);
    expect(jsonMembersExceed({ a: 1, b: [1, 2, { c: 3 }] }, 5)).toBe(true);
    expect(jsonMembersExceed('text', 0)).toBe(false);
  });

  it('stops at the first object past the limit', () => {
    const wide = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]));
    expect(jsonMembersExceed(wide, 5_000)).toBe(true);
    expect(jsonMembersExceed({ items: Array.from({ length: 5_001 }, () => 0) }, 5_000)).toBe(true);
  });
});
