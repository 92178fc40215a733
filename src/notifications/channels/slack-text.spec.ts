import { escapeSlackText, slackSafe } from './slack-text.js';

describe('Slack text escaping', () => {
  it('escapes & < > so mentions and links in a value show as text', () => {
    expect(escapeSlackText('<!channel> see <https://evil.example|your bank> & more')).toBe(
      '&lt;!channel&gt; see &lt;https://evil.example|your bank&gt; &amp; more',
    );
    // & first: an escape in the value is shown, not read.
    expect(escapeSlackText('&lt;')).toBe('&amp;lt;');
  });

  it('escapes every string of a payload, nested ones too, and leaves other values alone', () => {
    expect(slackSafe({ orderId: 'ORD-<1>', n: 3, none: null, items: [{ city: '<@U123>' }] })).toEqual({
      orderId: 'ORD-&lt;1&gt;',
      n: 3,
      none: null,
      items: [{ city: '&lt;@U123&gt;' }],
    });
  });
});
