import { useState } from 'react';
import { Dialog } from '../components/Dialog.tsx';

/** The secret of a token just created: shown this once, with a copy button. */
export function NewTokenSecret({
  name,
  token,
  onClose,
}: {
  name: string;
  token: string;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  return (
    <Dialog
      title={`Token for ${name}`}
      onClose={onClose}
      footer={
        <button type="button" className="button primary" onClick={onClose}>
          I have stored it
        </button>
      }
    >
      <p>Copy the token now: it is shown only this once. Only its hash is kept.</p>
      <div className="token-secret">
        <code data-testid="token-secret">{token}</code>
        <button
          type="button"
          className="button small"
          data-autofocus
          onClick={() =>
            navigator.clipboard.writeText(token).then(
              () => setCopied('yes'),
              () => setCopied('failed'),
            )
          }
        >
          Copy
        </button>
      </div>
      <p role="status" className="field-hint">
        {copied === 'yes'
          ? 'Copied.'
          : copied === 'failed'
            ? 'Copying was refused; select the token instead.'
            : ''}
      </p>
      <p className="field-hint">
        Send it as <code>Authorization: Bearer …</code>, or pass it as <code>token</code> to{' '}
        <code>createItamClient</code>.
      </p>
    </Dialog>
  );
}
