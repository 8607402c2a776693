import {
  type AssetStage,
  allowedTargets,
  can,
  decideTransition,
  directTargets,
  includesStage,
  STAGE_LABELS,
  TERMINAL_STAGES,
  TransitionAssetInput,
} from '@itam/domain';
import { useState } from 'react';
import { errorMessage } from '../api/errors.ts';
import { type AssetView, trpc } from '../api/trpc.ts';
import { Dialog } from '../components/Dialog.tsx';
import { Field, issuesByField } from '../components/Field.tsx';
import { FormError } from '../components/States.tsx';
import { useToast } from '../components/Toasts.tsx';
import { useUser } from '../session/session.tsx';

/**
 * The lifecycle moves the caller may make from here, as the domain computes them. Moves that need
 * a check-out or check-in are not offered; the domain's reason for that is shown instead.
 */
export function TransitionButtons({ asset }: { asset: AssetView }) {
  const user = useUser();
  const [target, setTarget] = useState<AssetStage | null>(null);
  if (!can(user, 'asset.transition')) return null;

  const facts = { stage: asset.stage, held: asset.holder !== null };
  const targets = directTargets(facts);
  const blocked = allowedTargets(asset.stage).flatMap((to) => {
    const verdict = decideTransition(facts, to);
    return verdict.ok ? [] : [verdict.message];
  });
  const notes = [...new Set(blocked)];

  return (
    <section className="transitions" aria-labelledby="transitions-title">
      <h2 id="transitions-title" className="section-title">
        Lifecycle
      </h2>
      {targets.length === 0 && notes.length === 0 ? (
        <p className="muted">{STAGE_LABELS[asset.stage]} is final: this asset cannot move any more.</p>
      ) : null}
      {targets.length > 0 ? (
        <div className="button-row" data-testid="transition-buttons">
          {targets.map((to) => (
            <button
              key={to}
              type="button"
              className={`button transition-button stage-${to}`}
              data-to={to}
              onClick={() => setTarget(to)}
            >
              Move to {STAGE_LABELS[to]}
            </button>
          ))}
        </div>
      ) : null}
      {notes.map((note) => (
        <p key={note} className="field-hint">
          {note}
        </p>
      ))}
      {target ? <TransitionDialog asset={asset} to={target} onClose={() => setTarget(null)} /> : null}
    </section>
  );
}

/** What a move out of service means, said in its confirmation; other moves are routine. */
const OUT_OF_SERVICE: Partial<Record<AssetStage, string>> = {
  retired: 'It leaves service. It can go back to stock later, or be disposed of.',
  lost: 'It leaves the stock until it is found (back to stock) or retired.',
  disposed: 'This is final: the asset leaves the books and can never move again.',
};

function TransitionDialog({ asset, to, onClose }: { asset: AssetView; to: AssetStage; onClose: () => void }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const transition = trpc.assets.transition.useMutation({
    onSuccess: (updated) => {
      utils.assets.get.setData({ id: updated.id }, updated);
      void utils.assets.list.invalidate();
      void utils.assets.history.invalidate({ id: updated.id });
      toast(`Moved ${updated.tag} to ${STAGE_LABELS[updated.stage]}.`);
      onClose();
    },
    onError: () => {
      // The asset may have moved meanwhile: show its current state behind the dialog.
      void utils.assets.get.invalidate({ id: asset.id });
    },
  });

  const confirm = () => {
    const parsed = TransitionAssetInput.safeParse({ id: asset.id, to, reason });
    if (!parsed.success) {
      setReasonError(issuesByField(parsed.error.issues).reason ?? parsed.error.issues[0]?.message);
      document.getElementById('transition-reason')?.focus();
      return;
    }
    setReasonError(undefined);
    transition.mutate(parsed.data);
  };

  const consequence = OUT_OF_SERVICE[to];
  const final = includesStage(TERMINAL_STAGES, to);

  return (
    <Dialog
      title={consequence ? `Move ${asset.tag} to ${STAGE_LABELS[to]}?` : `Move to ${STAGE_LABELS[to]}`}
      onClose={onClose}
      onSubmit={confirm}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={`button ${consequence ? 'danger' : 'primary'}`}
            disabled={transition.isPending}
            aria-busy={transition.isPending}
          >
            {consequence ? `Move to ${STAGE_LABELS[to]}` : 'Confirm'}
          </button>
        </>
      }
    >
      <p>
        <strong>{asset.tag}</strong> {asset.name}: from {STAGE_LABELS[asset.stage]} to {STAGE_LABELS[to]}.
      </p>
      {consequence ? (
        <p className={final ? 'alert alert-warning' : undefined} data-testid="transition-consequence">
          {consequence}
        </p>
      ) : null}
      <FormError message={transition.error ? errorMessage(transition.error) : null} />
      <Field id="transition-reason" label="Reason" error={reasonError} hint="Kept in the asset's history.">
        {(control) => (
          <input
            {...control}
            name="reason"
            maxLength={500}
            autoComplete="off"
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
    </Dialog>
  );
}
