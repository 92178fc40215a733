import { pathSegment } from './path-segment.js';

describe('pathSegment', () => {
  it.each([
    ['ORD-2026-12345', 'ORD-2026-12345'],
    ['ORD.1', 'ORD.1'],
    ['...', '...'],
    ['a/b', 'a%2Fb'],
    ['a?b#c', 'a%3Fb%23c'],
    ['ünï', '%C3%BCn%C3%AF'],
    ['%2e%2e', '%252e%252e'],
  ])('encodes %p as %p, which stays one segment under the base path', (value, encoded) => {
    expect(pathSegment(value)).toBe(encoded);
    expect(new URL(`https://supplier.example/api/orders/${pathSegment(value)}`).pathname).toBe(`/api/orders/${encoded}`);
  });

  it.each(['.', '..', ''])('refuses %p, which a URL parser would resolve away', (value) => {
    expect(() => pathSegment(value)).toThrow('cannot be a URL path segment');
  });
});
