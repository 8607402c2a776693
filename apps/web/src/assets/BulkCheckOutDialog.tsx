import { BulkCheckOutInput } from '@itam/domain';
import { useState } from 'react';
import { errorMessage, refusalsOf } from '../api/errors.ts';
import { type Stale, staleAfter, useRefresh } from '../api/refresh.ts';
import { type AssetView, trpc } from '../api/trpc.ts';
import { Dialog } from '../components/Dialog.tsx';
import { issuesByField } from '../components/Field.tsx';
import { type Person, PersonPicker } from '../components/PersonPicker.tsx';
import { FormError } from '../components/States.tsx';
import { useToast } from '../components/Toasts.tsx';
import { CheckOutFields } from './CheckOutDialog.tsx';

/**
 * Checks several assets out to one person, all or nothing. When the server refuses, each refused
 * asset is listed with its reason, and can be left out of the selection to try again.
 */
export function BulkCheckOutDialog({
  assets,
  onClose,
  onDone,
  onLeaveOut,
}: {
  assets: readonly AssetView[];
  onClose: () => void;
  /** All went: the selection can be cleared. */
  onDone: () => void;
  /** Untick these assets. */
  onLeaveOut: (ids: readonly string[]) => void;
}) {
  const toast = useToast();
  const refresh = useRefresh();
  const [person, setPerson] = useState<Person | null>(null);
  const [expectedReturn, setExpectedReturn] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'userId' | 'expectedReturn', string>>>({});

  const bulk = trpc.assignments.bulkCheckOut.useMutation({
    onSuccess: ({ assignments }) => {
      refresh(assets.flatMap((a) => staleAfter.asset(a.id)));
      toast(
        `Checked out ${assignments.length} ${assignments.length === 1 ? 'asset' : 'assets'} to ${person?.username ?? 'them'}.`,
      );
      onDone();
    },
    onError: () => refresh(['assets', ...assets.map((a): Stale => `asset:${a.id}`)]),
  });
  const refusals = refusalsOf(bulk.error);
  const tagOf = new Map(assets.map((a) => [a.id, a]));

  const submit = () => {
    const parsed = BulkCheckOutInput.safeParse({
      assetIds: assets.map((a) => a.id),
      userId: person?.id ?? '',
      expectedReturn: expectedReturn || null,
    });
    const found: typeof errors = parsed.success ? {} : issuesByField(parsed.error.issues);
    if (!person) found.userId = 'Pick the person who gets the assets.';
    setErrors(found);
    if (!parsed.success || Object.keys(found).length > 0) return;
    bulk.mutate(parsed.data);
  };

  return (
    <Dialog
      title={`Check out ${assets.length} ${assets.length === 1 ? 'asset' : 'assets'}`}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button primary"
            disabled={bulk.isPending || assets.length === 0}
            aria-busy={bulk.isPending}
          >
            Check out
          </button>
        </>
      }
    >
      <p className="bulk-assets">{assets.map((a) => a.tag).join(', ')}</p>
      <FormError message={bulk.error && refusals.length === 0 ? errorMessage(bulk.error) : null} />
      {refusals.length > 0 ? (
        <div className="alert alert-error" role="alert" data-testid="bulk-refusals">
          <p>{errorMessage(bulk.error)}</p>
          <ul className="refusal-list">
            {refusals.map((r) => (
              <li key={r.id} data-testid="refusal" data-id={r.id}>
                <strong>{tagOf.get(r.id)?.tag ?? 'An asset'}</strong>: {r.message}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button small"
            onClick={() => {
              onLeaveOut(refusals.map((r) => r.id));
              bulk.reset();
            }}
          >
            Leave out the refused {refusals.length === 1 ? 'asset' : 'assets'}
          </button>
        </div>
      ) : null}
      <PersonPicker value={person} onChange={setPerson} error={errors.userId} />
      <CheckOutFields expectedReturn={expectedReturn} onExpectedReturn={setExpectedReturn} errors={errors} />
    </Dialog>
  );
}
