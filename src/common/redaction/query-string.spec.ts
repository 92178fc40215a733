import { redactQueryObject, redactQueryString } from './query-string.js';

describe('redactQueryString', () => {
  it.each([
    ['/api/v2/orders?key=admin-key-0123456789abcdef0123', '/api/v2/orders?key=[redacted]'],
    ['/x?api_key=a&page=2', '/x?api_key=[redacted]&page=2'],
    [
      '/x?X-Api-Key=a&token=b&access_token=c&secret=d&signature=e&password=f&sig=g',
      '/x?X-Api-Key=[redacted]&token=[redacted]&access_token=[redacted]&secret=[redacted]&signature=[redacted]&password=[redacted]&sig=[redacted]',
    ],
    ['/x?%6Bey=a', '/x?%6Bey=[redacted]'],
    ['/x?a[key]=v', '/x?a[key]=[redacted]'],
    ['/x?status=dead&provider=payment', '/x?status=dead&provider=payment'],
    ['/x', '/x'],
  ])('%s → %s', (url, expected) => {
    expect(redactQueryString(url)).toBe(expected);
  });
});

describe('redactQueryObject', () => {
  it('masks credential-like parameters at any depth', () => {
    expect(redactQueryObject({ key: 'k', page: '2', a: { token: 't' }, list: [{ secret: 's' }] })).toEqual({
      key: '[redacted]',
      page: '2',
      a: { token: '[redacted]' },
      list: [{ secret: '[redacted]' }],
    });
  });
});
