import { allow, refuse, type Verdict } from '../result.ts';

export const WEBHOOK_URL_MAX = 2_000;

export type WebhookUrlProblem = 'malformed' | 'scheme' | 'credentials' | 'too_long';

const MESSAGES: Record<WebhookUrlProblem, string> = {
  malformed: 'Enter a full URL such as https://example.com/hooks/itam.',
  scheme: 'A webhook URL starts with http:// or https://.',
  credentials: 'A webhook URL cannot hold a user name or password; deliveries are signed instead.',
  too_long: `A webhook URL has at most ${WEBHOOK_URL_MAX} characters.`,
};

function problem(kind: WebhookUrlProblem) {
  return refuse('INVALID_WEBHOOK_URL', MESSAGES[kind], { problem: kind });
}

/**
 * Where deliveries may go: an absolute http(s) URL without credentials (they would show in the
 * audit trail and in logs). Returns the URL as it will be called, without a fragment.
 */
export function checkWebhookUrl(text: string): Verdict<string> {
  const trimmed = text.trim();
  if (trimmed.length > WEBHOOK_URL_MAX) return problem('too_long');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return problem('malformed');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return problem('scheme');
  if (!url.hostname) return problem('malformed');
  if (url.username || url.password) return problem('credentials');
  url.hash = '';
  return allow(url.href);
}
