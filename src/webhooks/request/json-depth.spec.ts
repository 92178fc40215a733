import { unstorableText } from '../../common/http/json-text.js';
import { jsonDepthExceeds, jsonMembersExceed, jsonTextBounds } from './json-depth.js';

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

describe('jsonTextBounds', () => {
  /** The exact figures of a parsed value, as the walks count them. */
  const exact = (value: unknown) => {
    let containers = 0;
    let members = 0;
    const pending = [value];
    while (pending.length > 0) {
      const item = pending.pop();
      if (item === null || typeof item !== 'object') continue;
      containers += 1;
      const children = Object.values(item);
      members += children.length;
      pending.push(...children);
    }
    return { containers, members };
  };

  it.each([
    ['{}'],
    ['{"a":1}'],
    ['{"event":"payment.success","order_id":"ORD-1","amount":2499.5,"tags":["a","b"],"meta":{"x":[{},[]]}}'],
    ['{"text":"commas, and {braces} and [brackets] inside a string"}'],
    [JSON.stringify({ items: Array.from({ length: 300 }, (_, i) => ({ id: i, lines: [i, { q: i }] })) })],
    [`${'['.repeat(40)}${']'.repeat(40)}`],
  ])('never counts fewer containers or members than the value has: %#', (text) => {
    const bounds = jsonTextBounds(text);
    const actual = exact(JSON.parse(text));
    expect(bounds.containers).toBeGreaterThanOrEqual(actual.containers);
    expect(bounds.members).toBeGreaterThanOrEqual(actual.members);
  });

  it('clears a body the walks would refuse only when they are run', () => {
    const deep = `${'['.repeat(33)}1${']'.repeat(33)}`;
    expect(jsonTextBounds(deep).containers).toBeGreaterThanOrEqual(32);
    expect(jsonDepthExceeds(JSON.parse(deep), 32)).toBe(true);
    const wide = JSON.stringify({ items: Array.from({ length: 5_001 }, () => 0) });
    expect(jsonTextBounds(wide).members).toBeGreaterThan(5_000);
  });

  it('finds every text that could hold \\u0000 or an unpaired surrogate once parsed', () => {
    for (const text of ['{"a":"\\u0000"}', '{"\\ud800":1}', '{"a":"\\udc00x"}', '{"a":"\\\\\\u0000"}']) {
      expect(unstorableText(JSON.parse(text))).toBeDefined();
      expect(jsonTextBounds(text).escapes).toBe(true);
    }
    expect(jsonTextBounds('{"a":"caf\u00e9 \u{1F600} plain"}').escapes).toBe(false);
    expect(jsonTextBounds('{"a":"backslash \\\\ n"}').escapes).toBe(false);
  });
});
