import { BulkCheckOutInput } from '@itam/domain';
import { useState } from 'react';
import { refusalsOf } from '../api/errors.ts';
import { type Stale, staleAfter, useRefresh } from '../api/refresh.ts';
import { type AssetView, trpc } from '../api/trpc.ts';
import { FormDialog, Refusals } from '../components/Dialog.tsx';
import { issuesByField } from '../components/Field.tsx';
import { type Person, PersonPicker } from '../components/PersonPicker.tsx';
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
    <FormDialog
      title={`Check out ${assets.length} ${assets.length === 1 ? 'asset' : 'assets'}`}
      submitLabel="Check out"
      busy={bulk.isPending}
      disabled={assets.length === 0}
      error={refusals.length > 0 ? null : bulk.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <p className="bulk-assets">{assets.map((a) => a.tag).join(', ')}</p>
      {refusals.length > 0 ? (
        <Refusals
          error={bulk.error}
          refusals={refusals}
          nameOf={(id) => tagOf.get(id)?.tag}
          unknownName="An asset"
        >
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
        </Refusals>
      ) : null}
      <PersonPicker value={person} onChange={setPerson} error={errors.userId} />
      <CheckOutFields expectedReturn={expectedReturn} onExpectedReturn={setExpectedReturn} errors={errors} />
    </FormDialog>
  );
}
