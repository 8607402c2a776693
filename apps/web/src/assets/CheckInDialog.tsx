import { ASSET_CONDITIONS, type AssetCondition, CheckInInput } from '@itam/domain';
import { useState } from 'react';
import { staleAfter, useRefresh } from '../api/refresh.ts';
import { type AssetView, trpc } from '../api/trpc.ts';
import { FormDialog } from '../components/Dialog.tsx';
import { Field, issuesByField } from '../components/Field.tsx';
import { useToast } from '../components/Toasts.tsx';
import { CONDITION_LABELS } from '../lib/labels.ts';

/** Takes the asset back from its holder, with the condition it came back in. */
export function CheckInDialog({ asset, onClose }: { asset: AssetView; onClose: () => void }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const refresh = useRefresh();
  const [condition, setCondition] = useState<AssetCondition>(asset.condition);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();

  const checkIn = trpc.assignments.checkIn.useMutation({
    onSuccess: ({ asset: updated, assignment }) => {
      utils.assets.get.setData({ id: updated.id }, updated);
      refresh(staleAfter.asset(updated.id));
      toast(`Checked in ${updated.tag} from ${assignment.user.username}.`);
      onClose();
    },
    onError: () => refresh([`asset:${asset.id}`]),
  });

  const submit = () => {
    const parsed = CheckInInput.safeParse({ assetId: asset.id, condition, note });
    if (!parsed.success) {
      setNoteError(issuesByField(parsed.error.issues).note ?? parsed.error.issues[0]?.message);
      document.getElementById('checkin-note')?.focus();
      return;
    }
    setNoteError(undefined);
    checkIn.mutate(parsed.data);
  };

  return (
    <FormDialog
      title={`Check in ${asset.tag}`}
      submitLabel="Check in"
      busy={checkIn.isPending}
      error={checkIn.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <p>
        <strong>{asset.tag}</strong> {asset.name}
        {asset.holder ? <>, from {asset.holder.username}</> : null}.
      </p>
      <Field id="checkin-condition" label="Condition" hint="As it came back.">
        {(control) => (
          <select
            {...control}
            name="condition"
            data-autofocus
            value={condition}
            onChange={(e) => setCondition(e.target.value as AssetCondition)}
          >
            {ASSET_CONDITIONS.map((c) => (
              <option key={c} value={c}>
                {CONDITION_LABELS[c]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="checkin-note" label="Note" error={noteError}>
        {(control) => (
          <input
            {...control}
            name="note"
            maxLength={1000}
            autoComplete="off"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
    </FormDialog>
  );
}
