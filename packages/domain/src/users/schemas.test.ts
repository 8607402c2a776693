import { describe, expect, it } from 'vitest';
import { DisableUserInput, ListUsersInput, LoginInput, SetRoleInput, SignUpInput } from './schemas.ts';

const valid = { username: 'alice', email: 'alice@example.com', password: 'correct horse' };
const ID = '0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b';

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return result.success ? [] : [...new Set(result.error!.issues.map((i) => i.path.join('.')))];
}

describe('SignUpInput', () => {
  it('accepts a valid sign-up and trims username and email, never the password', () => {
    expect(
      SignUpInput.parse({ username: ' alice ', email: ' alice@example.com ', password: ' 12345678 ' }),
    ).toEqual({ username: 'alice', email: 'alice@example.com', password: ' 12345678 ' });
  });

  it.each(['abc', 'Alice.B', 'a_b-c', '007', 'x'.repeat(32)])('accepts the username %j', (username) => {
    expect(SignUpInput.parse({ ...valid, username }).username).toBe(username);
  });

  it.each(['', 'ab', '  ab  ', '_alice', '.alice', '-alice', 'al ice', 'al@ice', 'zoë', 'x'.repeat(33)])(
    'refuses the username %j',
    (username) => {
      expect(issuePaths(SignUpInput.safeParse({ ...valid, username }))).toEqual(['username']);
    },
  );

  it.each(['a@b.co', 'first.last+tag@example.org'])('accepts the email %j', (email) => {
    expect(SignUpInput.safeParse({ ...valid, email }).success).toBe(true);
  });

  it.each(['', 'alice', 'alice@', '@example.com', 'a b@example.com', `${'a'.repeat(250)}@x.io`])(
    'refuses the email %j',
    (email) => {
      expect(issuePaths(SignUpInput.safeParse({ ...valid, email }))).toEqual(['email']);
    },
  );

  it('keeps the password between 8 and 256 characters', () => {
    expect(SignUpInput.safeParse({ ...valid, password: '12345678' }).success).toBe(true);
    expect(SignUpInput.safeParse({ ...valid, password: 'x'.repeat(256) }).success).toBe(true);
    const short = SignUpInput.safeParse({ ...valid, password: '1234567' });
    expect(issuePaths(short)).toEqual(['password']);
    expect(short.error?.issues[0]?.message).toBe('A password has at least 8 characters.');
    expect(issuePaths(SignUpInput.safeParse({ ...valid, password: 'x'.repeat(257) }))).toEqual(['password']);
  });

  it('has no composition rules', () => {
    expect(SignUpInput.safeParse({ ...valid, password: 'aaaaaaaa' }).success).toBe(true);
  });

  it('refuses a role or any unknown key', () => {
    expect(issuePaths(SignUpInput.safeParse({ ...valid, role: 'admin' }))).toEqual(['']);
  });
});

describe('LoginInput', () => {
  it('takes a trimmed username (or email) and an untouched password', () => {
    expect(LoginInput.parse({ username: ' alice@example.com ', password: ' pw ' })).toEqual({
      username: 'alice@example.com',
      password: ' pw ',
    });
  });

  it('does not apply sign-up rules, so old accounts can still log in', () => {
    expect(LoginInput.safeParse({ username: 'ab', password: 'x' }).success).toBe(true);
  });

  it('requires both fields and bounds them', () => {
    expect(issuePaths(LoginInput.safeParse({ username: '  ', password: '' })).sort()).toEqual([
      'password',
      'username',
    ]);
    expect(issuePaths(LoginInput.safeParse({ username: 'x'.repeat(255), password: 'x' }))).toEqual([
      'username',
    ]);
    expect(issuePaths(LoginInput.safeParse({ username: 'x', password: 'x'.repeat(257) }))).toEqual([
      'password',
    ]);
    expect(issuePaths(LoginInput.safeParse({ username: 'x', password: 'x', remember: true }))).toEqual(['']);
  });
});

describe('user administration inputs', () => {
  it('ListUsersInput defaults and bounds its limit', () => {
    expect(ListUsersInput.parse(undefined)).toEqual({ sort: 'username', limit: 50 });
    expect(issuePaths(ListUsersInput.safeParse({ limit: 201 }))).toEqual(['limit']);
    expect(issuePaths(ListUsersInput.safeParse({ role: 'owner' }))).toEqual(['role']);
  });

  it('ListUsersInput filters by status and sorts by username or newest', () => {
    expect(ListUsersInput.parse({ status: 'disabled', sort: 'newest' })).toEqual({
      status: 'disabled',
      sort: 'newest',
      limit: 50,
    });
    expect(issuePaths(ListUsersInput.safeParse({ status: 'gone' }))).toEqual(['status']);
    expect(issuePaths(ListUsersInput.safeParse({ sort: 'email' }))).toEqual(['sort']);
  });

  it('SetRoleInput takes a known role', () => {
    expect(SetRoleInput.parse({ id: ID, role: 'manager' })).toEqual({ id: ID, role: 'manager' });
    expect(issuePaths(SetRoleInput.safeParse({ id: ID, role: 'root' }))).toEqual(['role']);
  });

  it('DisableUserInput disables unless told otherwise', () => {
    expect(DisableUserInput.parse({ id: ID })).toEqual({ id: ID, disabled: true });
    expect(DisableUserInput.parse({ id: ID, disabled: false })).toEqual({ id: ID, disabled: false });
  });
});
