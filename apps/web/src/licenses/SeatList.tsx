import { can } from '@itam/domain';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/errors.ts';
import { staleAfter, useRefresh } from '../api/refresh.ts';
import { type LicenseView, type SeatView, trpc } from '../api/trpc.ts';
import { ConfirmDialog } from '../components/Dialog.tsx';
import { TableFrame } from '../components/TableFrame.tsx';
import { useToast } from '../components/Toasts.tsx';
import { formatDate } from '../lib/format.ts';
import { useUser } from '../session/session.tsx';

/** Who holds a seat, since when, on which asset; staff can release each, after confirming. */
export function SeatList({ license, seats }: { license: LicenseView; seats: readonly SeatView[] }) {
  const user = useUser();
  const toast = useToast();
  const refresh = useRefresh();
  const manage = can(user, 'license.manage');
  const [confirming, setConfirming] = useState<SeatView | null>(null);
  const release = trpc.licenses.releaseSeat.useMutation({
    onSuccess: (_done, { userId }) => {
      setConfirming(null);
      refresh(staleAfter.license(license.id));
      const who = seats.find((s) => s.user.id === userId)?.user.username ?? 'The person';
      toast(`Released ${who}’s seat of ${license.name}.`);
    },
    onError: () => refresh(staleAfter.license(license.id)),
  });

  if (seats.length === 0) return <p className="muted">No seats assigned.</p>;
  return (
    <TableFrame label="Seats">
      <table className="table seat-table" data-testid="seat-table">
        <caption className="visually-hidden">Seats of {license.name}</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Since</th>
            <th scope="col">Asset</th>
            {manage ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {seats.map((seat) => (
            <tr key={seat.id} data-testid="seat-row" data-username={seat.user.username}>
              <th scope="row" className="cell-main">
                {seat.user.username}
              </th>
              <td className="cell-time">{formatDate(seat.assignedAt.slice(0, 10))}</td>
              <td>
                {seat.asset ? (
                  <Link to={`/assets/${seat.asset.id}`}>{seat.asset.tag}</Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              {manage ? (
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Release ${seat.user.username}’s seat`}
                    disabled={release.isPending && release.variables?.userId === seat.user.id}
                    onClick={() => {
                      release.reset();
                      setConfirming(seat);
                    }}
                  >
                    Release
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {confirming ? (
        <ConfirmDialog
          title={`Release ${confirming.user.username}’s seat?`}
          confirmLabel="Release seat"
          danger
          busy={release.isPending}
          error={release.error ? errorMessage(release.error) : null}
          onConfirm={() => release.mutate({ licenseId: license.id, userId: confirming.user.id })}
          onCancel={() => setConfirming(null)}
        >
          <p>
            {confirming.user.username} loses their seat of {license.name}
            {confirming.asset ? ` (on ${confirming.asset.tag})` : ''}, and the seat is free for someone else.
          </p>
        </ConfirmDialog>
      ) : null}
    </TableFrame>
  );
}
