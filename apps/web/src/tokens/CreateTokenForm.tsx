import { TOKEN_ROLES, type TokenRole } from '@itam/domain';
import { useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { Field } from '../components/Field.tsx';
import { FormError } from '../components/States.tsx';

const ROLE_HINTS: Record<TokenRole, string> = {
  'read-only': 'Read-only: reads what IT staff read (never product keys) and changes nothing.',
  manager: 'Manager: runs the inventory like IT staff; cannot manage people or tokens.',
};

/** Name, role and optional expiry of a new token; hands the created secret to `onCreated`. */
export function CreateTokenForm({
  onCreated,
}: {
  onCreated: (created: { token: string; name: string }) => void;
}) {
  const utils = trpc.useUtils();
  const [name, setName] = useState('');
  const [role, setRole] = useState<TokenRole>('read-only');
  const [expires, setExpires] = useState('');
  const create = trpc.tokens.create.useMutation({
    onSuccess: ({ token, apiToken }) => {
      void utils.tokens.list.invalidate();
      setName('');
      setExpires('');
      onCreated({ token, name: apiToken.name });
    },
  });
  const fieldErrors = create.error ? fieldErrorsOf(create.error) : {};

  return (
    <form
      className="token-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        // The date field gives a day; the token expires at the end of it, in the viewer's time zone.
        const expiresAt = expires ? new Date(`${expires}T23:59:59`).toISOString() : null;
        create.mutate({ name: name.trim(), role, expiresAt });
      }}
    >
      <h2>New token</h2>
      <div className="filters-row">
        <Field id="token-name" label="Service name" required error={fieldErrors.name}>
          {(control) => (
            <input
              {...control}
              value={name}
              maxLength={32}
              placeholder="inventory-sync"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field id="token-role" label="Role" hint={ROLE_HINTS[role]}>
          {(control) => (
            <select {...control} value={role} onChange={(e) => setRole(e.target.value as TokenRole)}>
              {TOKEN_ROLES.map((r) => (
                <option key={r} value={r}>
                  {r === 'read-only' ? 'Read-only' : 'Manager'}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="token-expires"
          label="Expires"
          hint="Optional: the end of this day."
          error={fieldErrors.expiresAt}
        >
          {(control) => (
            <input {...control} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          )}
        </Field>
      </div>
      <FormError
        message={create.error && Object.keys(fieldErrors).length === 0 ? errorMessage(create.error) : null}
      />
      <button
        type="submit"
        className="button primary"
        disabled={create.isPending}
        aria-busy={create.isPending}
      >
        Create token
      </button>
    </form>
  );
}
