import { toStorableText, unstorableText } from './json-text.js';

describe('unstorableText', () => {
  it('accepts ordinary JSON, other control characters and paired surrogates (emoji) included', () => {
    expect(unstorableText(JSON.parse('{"a":"tab\\t","b":["😀","\\ud83d\\ude00",1,null,true],"c":{"d":"x"}}'))).toBeUndefined();
    expect(unstorableText('\\u0000 as plain text')).toBeUndefined();
  });

  it.each([
    ['a NUL in a nested string', '{"a":{"b":["ok","x\\u0000y"]}}', 'a \\u0000 character'],
    ['a NUL in a key', '{"a\\u0000":1}', 'a \\u0000 character'],
    ['a lone high surrogate', '{"a":"\\ud800"}', 'an unpaired UTF-16 surrogate'],
    ['a lone low surrogate in a key', '{"\\udc00x":1}', 'an unpaired UTF-16 surrogate'],
  ])('names %s', (_, json, problem) => {
    expect(unstorableText(JSON.parse(json))).toBe(problem);
  });
});

describe('toStorableText', () => {
  it('replaces NUL and unpaired surrogates, and leaves everything else', () => {
    expect(toStorableText('a\u0000b')).toBe('a\ufffdb');
    expect(toStorableText('cut 😀'.slice(0, 5))).toBe('cut \ufffd');
    expect(toStorableText('\udc00 ok 😀 tab\t')).toBe('\ufffd ok 😀 tab\t');
  });
});
