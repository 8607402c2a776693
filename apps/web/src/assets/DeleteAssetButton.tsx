import { can, includesStage, REMOVABLE_STAGES } from '@itam/domain';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../api/errors.ts';
import { type AssetView, trpc } from '../api/trpc.ts';
import { ConfirmDialog } from '../components/Dialog.tsx';
import { useToast } from '../components/Toasts.tsx';
import { useUser } from '../session/session.tsx';

/** Deleting is for assets registered by mistake: offered only in the stages the domain allows. */
export function DeleteAssetButton({ asset }: { asset: AssetView }) {
  const user = useUser();
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const remove = trpc.assets.remove.useMutation({
    onSuccess: () => {
      setOpen(false);
      navigate('/assets');
      utils.assets.get.setData({ id: asset.id }, undefined);
      void utils.assets.list.invalidate();
      toast(`Deleted ${asset.tag}.`);
    },
  });

  if (!can(user, 'asset.remove') || !includesStage(REMOVABLE_STAGES, asset.stage)) return null;

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
          title={`Delete ${asset.tag}?`}
          danger
          busy={remove.isPending}
          error={remove.error ? errorMessage(remove.error) : null}
          onConfirm={() => remove.mutate({ id: asset.id })}
          onCancel={() => setOpen(false)}
        >
          <p>
            Only an asset registered by mistake should be deleted. Its history is kept. To take a real device
            out of service, retire it instead.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
