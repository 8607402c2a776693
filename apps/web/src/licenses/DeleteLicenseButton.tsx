import { can } from '@itam/domain';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../api/errors.ts';
import { type LicenseView, trpc } from '../api/trpc.ts';
import { ConfirmDialog } from '../components/Dialog.tsx';
import { useToast } from '../components/Toasts.tsx';
import { useUser } from '../session/session.tsx';

/**
 * Deleting is for a license entered by mistake: offered while no seat is in use. One that ever had
 * a seat is kept for the record; the server says so, and the dialog shows it.
 */
export function DeleteLicenseButton({ license }: { license: LicenseView }) {
  const user = useUser();
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const remove = trpc.licenses.remove.useMutation({
    onSuccess: () => {
      setOpen(false);
      navigate('/licenses');
      utils.licenses.get.setData({ id: license.id }, undefined);
      void utils.licenses.list.invalidate();
      void utils.compliance.report.invalidate();
      toast(`Deleted ${license.name}.`);
    },
  });

  if (!can(user, 'license.manage') || license.seatsUsed > 0) return null;

  return (
    <>
      <button
        type="button"
        className="button danger-outline"
        onClick={() => {
          remove.reset();
          setOpen(true);
        }}
      >
        Delete
      </button>
      {open ? (
        <ConfirmDialog
          title={`Delete ${license.name}?`}
          confirmLabel="Delete"
          danger
          busy={remove.isPending}
          error={remove.error ? errorMessage(remove.error) : null}
          onConfirm={() => remove.mutate({ id: license.id })}
          onCancel={() => setOpen(false)}
        >
          <p>
            Only a license entered by mistake should be deleted. A license that has ever had seats is kept for
            the record.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
