import { can, ROLES, type Role, scopeOf } from '@itam/domain';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/errors.ts';
import { trpc, type UserView } from '../api/trpc.ts';
import { assignmentsLink } from '../assignments/filters.ts';
import { ConfirmDialog } from '../components/Dialog.tsx';
import { TableFrame } from '../components/TableFrame.tsx';
import { useToast } from '../components/Toasts.tsx';
import { formatDate } from '../lib/format.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLE_NOUNS } from '../lib/labels.ts';
import { useUser } from '../session/session.tsx';

type Confirming =
  | { action: 'disable'; user: UserView }
  | { action: 'role'; user: UserView; role: Role }
  | null;

/**
 * Users with a role select, a link to their assignments and an enable/disable button each. A new
 * role and disabling apply only after a confirmation that says what they mean. Refusals (the last
 * admin, changing yourself) are reported through `onError` in plain words.
 */
export function UserTable({
  users,
  onError,
}: {
  users: readonly UserView[];
  onError: (message: string | null) => void;
}) {
  const me = useUser();
  const seesAssignments = scopeOf(me, 'assignment.read') === 'all';
  // Anyone who may list users sees them; only those who may manage them get the controls.
  const manage = can(me, 'user.manage');
  const toast = useToast();
  const utils = trpc.useUtils();
  const [confirming, setConfirming] = useState<Confirming>(null);

  const refresh = () => void utils.users.list.invalidate();
  const setRole = trpc.users.setRole.useMutation({
    onMutate: () => onError(null),
    onSuccess: (user) => {
      refresh();
      setConfirming(null);
      toast(`${user.username} is now ${ROLE_LABELS[user.role].toLowerCase()}.`);
    },
    onError: (error) => {
      refresh();
      setConfirming(null);
      onError(errorMessage(error));
    },
  });
  const setDisabled = trpc.users.disable.useMutation({
    onMutate: () => onError(null),
    onSuccess: (user) => {
      refresh();
      setConfirming(null);
      toast(user.disabled ? `${user.username} is disabled and signed out.` : `${user.username} is enabled.`);
    },
    onError: (error) => {
      refresh();
      setConfirming(null);
      onError(errorMessage(error));
    },
  });

  return (
    <TableFrame label="Users">
      <table className="table user-table" data-testid="user-table">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Since</th>
            {manage || seesAssignments ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const self = user.id === me.id;
            return (
              <tr key={user.id} data-testid="user-row" data-username={user.username}>
                <th scope="row" className="cell-main">
                  {user.username}
                  {self ? <span className="muted"> (you)</span> : null}
                </th>
                <td>{user.email}</td>
                <td>
                  {self || !manage ? (
                    // The server refuses changing your own role (CANNOT_CHANGE_SELF): nothing to offer.
                    ROLE_LABELS[user.role]
                  ) : (
                    <>
                      <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                        Role of {user.username}
                      </label>
                      <select
                        id={`role-${user.id}`}
                        className="compact"
                        value={user.role}
                        disabled={setRole.isPending && setRole.variables?.id === user.id}
                        onChange={(e) =>
                          setConfirming({ action: 'role', user, role: e.target.value as Role })
                        }
                      >
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {ROLE_LABELS[role]}
                          </option>
                        ))}
                      </select>
                    </>
                  )}
                </td>
                <td>
                  {user.disabled ? (
                    <span className="pill pill-off">Disabled</span>
                  ) : (
                    <span className="pill pill-on">Active</span>
                  )}
                </td>
                <td>{formatDate(user.createdAt.slice(0, 10))}</td>
                {manage || seesAssignments ? (
                  <td className="cell-actions">
                    {seesAssignments ? (
                      <Link
                        className="button small cell-action-gap"
                        to={assignmentsLink({ holderId: user.id })}
                      >
                        Assignments<span className="visually-hidden"> of {user.username}</span>
                      </Link>
                    ) : null}
                    {!manage || self ? null : user.disabled ? (
                      <button
                        type="button"
                        className="button small"
                        disabled={setDisabled.isPending}
                        onClick={() => setDisabled.mutate({ id: user.id, disabled: false })}
                      >
                        Enable
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button small danger-outline"
                        onClick={() => setConfirming({ action: 'disable', user })}
                      >
                        Disable
                      </button>
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {confirming?.action === 'disable' ? (
        <ConfirmDialog
          title={`Disable ${confirming.user.username}?`}
          confirmLabel="Disable"
          danger
          busy={setDisabled.isPending}
          onConfirm={() => setDisabled.mutate({ id: confirming.user.id, disabled: true })}
          onCancel={() => setConfirming(null)}
        >
          <p>They are signed out everywhere at once and cannot sign in until enabled again.</p>
        </ConfirmDialog>
      ) : null}
      {confirming?.action === 'role' ? (
        <ConfirmDialog
          title={`Make ${confirming.user.username} ${ROLE_NOUNS[confirming.role]}?`}
          confirmLabel={`Make ${ROLE_LABELS[confirming.role].toLowerCase()}`}
          danger
          busy={setRole.isPending}
          onConfirm={() => setRole.mutate({ id: confirming.user.id, role: confirming.role })}
          onCancel={() => setConfirming(null)}
        >
          <p>{ROLE_DESCRIPTIONS[confirming.role]}</p>
          <p>
            {confirming.user.username} is {ROLE_NOUNS[confirming.user.role]} now; the change applies to their
            next request, and is kept in the audit trail.
          </p>
        </ConfirmDialog>
      ) : null}
    </TableFrame>
  );
}
