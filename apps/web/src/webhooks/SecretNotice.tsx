import { useState } from 'react';

/** The signing secret, shown once after creating a webhook or rotating its secret. */
export function SecretNotice({
  url,
  secret,
  onDismiss,
}: {
  url: string;
  secret: string;
  onDismiss: () => void;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  return (
    <section className="alert" aria-labelledby="webhook-secret-title" data-testid="webhook-secret">
      <h2 id="webhook-secret-title">Signing secret for {url}</h2>
      <p>Copy it now: it is not shown again. Receivers use it to verify the X-Itam-Signature header.</p>
      <div className="webhook-secret">
        <label htmlFor="webhook-secret-value" className="visually-hidden">
          Signing secret
        </label>
        <input
          id="webhook-secret-value"
          className="webhook-secret-value"
          readOnly
          value={secret}
          size={Math.min(60, secret.length)}
          onFocus={(e) => e.target.select()}
        />
        <button
          type="button"
          className="button small"
          onClick={() =>
            navigator.clipboard.writeText(secret).then(
              () => setCopied('yes'),
              () => setCopied('failed'),
            )
          }
        >
          Copy secret
        </button>
        <span role="status" aria-live="polite">
          {copied === 'yes'
            ? 'Copied.'
            : copied === 'failed'
              ? 'Copying failed: select the text instead.'
              : ''}
        </span>
      </div>
      <button type="button" className="button small" onClick={onDismiss}>
        I have stored it
      </button>
    </section>
  );
}
