import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from './url.ts';

describe('checkWebhookUrl', () => {
  it.each([
    ['https://hooks.example.com/itam', 'https://hooks.example.com/itam'],
    ['http://127.0.0.1:8080/in?x=1', 'http://127.0.0.1:8080/in?x=1'],
    ['  https://example.com  ', 'https://example.com/'],
    ['https://example.com/a#fragment', 'https://example.com/a'],
  ])('accepts %j as %j', (text, href) => {
    expect(checkWebhookUrl(text)).toEqual({ ok: true, value: href });
  });

  it.each([
    ['', 'malformed'],
    ['example.com/hook', 'malformed'],
    ['not a url', 'malformed'],
    ['ftp://example.com/hook', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['https://user:pw@example.com/', 'credentials'],
    ['https://token@example.com/', 'credentials'],
    [`https://example.com/${'a'.repeat(2_000)}`, 'too_long'],
  ])('refuses %j: %s', (text, problem) => {
    const verdict = checkWebhookUrl(text);
    expect(verdict).toMatchObject({ ok: false, reason: 'INVALID_WEBHOOK_URL', details: { problem } });
  });
});
