import { reasonOf, withoutPassword } from './startup-error.js';

describe('start-up messages', () => {
  it('mask the password of a connection URL and keep the rest', () => {
    expect(withoutPassword('postgres://app:s3cret@db.internal:5432/hooks')).toBe('postgres://app:***@db.internal:5432/hooks');
    expect(withoutPassword('redis://:s3cret@127.0.0.1:6379/0')).toBe('redis://:***@127.0.0.1:6379/0');
    expect(withoutPassword('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(withoutPassword('not a url //user:pw@host')).toBe('not a url //***@host');
  });

  it('give a reason for an error without a message of its own', () => {
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    expect(reasonOf(new AggregateError([refused('::1:5432'), refused('127.0.0.1:5432')]))).toBe(
      'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect(reasonOf(Object.assign(new Error(''), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(reasonOf(new Error('role "nobody" does not exist'))).toBe('role "nobody" does not exist');
  });
});
