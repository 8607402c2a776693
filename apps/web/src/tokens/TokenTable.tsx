import type { ApiToken } from '@itam/domain';
import { useState } from 'react';
import { errorMessage } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { ConfirmDialog } from '../components/Dialog.tsx';
import { useToast } from '../components/Toasts.tsx';
import { formatDateTime } from '../lib/format.ts';

const STATUS_LABELS: Record<ApiToken['status'], string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** Every token without its secret, with a revoke button (after a confirmation) on the active ones. */
export function TokenTable({ tokens }: { tokens: readonly ApiToken[] }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const [confirming, setConfirming] = useState<ApiToken | null>(null);
  const revoke = trpc.tokens.revoke.useMutation({
    onSuccess: (token) => {
      void utils.tokens.list.invalidate();
      setConfirming(null);
      toast(`The token of ${token.name} is revoked.`);
    },
  });

  return (
    <div className="table-wrap">
      <table className="table" data-testid="token-table">
        <caption className="visually-hidden">API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>{token.role === 'read-only' ? 'Read-only' : 'Manager'}</td>
              <td>
                {STATUS_LABELS[token.status]}
                {token.revokedAt ? ` ${formatDateTime(token.revokedAt)}` : ''}
              </td>
              <td>
                {formatDateTime(token.createdAt)}
                {token.createdBy ? ` by ${token.createdBy.username}` : ''}
              </td>
              <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</td>
              <td>{token.expiresAt ? formatDateTime(token.expiresAt) : 'Never'}</td>
              <td>
                {token.status === 'revoked' ? null : (
                  <button type="button" className="button small danger" onClick={() => setConfirming(token)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirming ? (
        <ConfirmDialog
          title={`Revoke the token of ${confirming.name}?`}
          confirmLabel="Revoke"
          danger
          busy={revoke.isPending}
          error={revoke.error ? errorMessage(revoke.error) : null}
          onConfirm={() => revoke.mutate({ id: confirming.id })}
          onCancel={() => {
            revoke.reset();
            setConfirming(null);
          }}
        >
          <p>Every request made with it is refused from now on, and its live connections close.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
