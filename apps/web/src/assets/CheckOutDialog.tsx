import { CheckOutInput } from '@itam/domain';
import { useState } from 'react';
import { staleAfter, useRefresh } from '../api/refresh.ts';
import { type AssetView, trpc } from '../api/trpc.ts';
import { FormDialog } from '../components/Dialog.tsx';
import { Field, issuesByField } from '../components/Field.tsx';
import { type Person, PersonPicker } from '../components/PersonPicker.tsx';
import { useToast } from '../components/Toasts.tsx';
import { todayIso } from '../lib/format.ts';

type Errors = Partial<Record<'userId' | 'expectedReturn' | 'note', string>>;

/** Hands the asset to one person: who, when it should come back, and a note for the record. */
export function CheckOutDialog({ asset, onClose }: { asset: AssetView; onClose: () => void }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const refresh = useRefresh();
  const [person, setPerson] = useState<Person | null>(null);
  const [expectedReturn, setExpectedReturn] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const checkOut = trpc.assignments.checkOut.useMutation({
    onSuccess: ({ asset: updated, assignment }) => {
      utils.assets.get.setData({ id: updated.id }, updated);
      refresh(staleAfter.asset(updated.id));
      toast(`Checked out ${updated.tag} to ${assignment.user.username}.`);
      onClose();
    },
    // The asset may have changed meanwhile: show its current state behind the dialog.
    onError: () => refresh([`asset:${asset.id}`]),
  });

  const submit = () => {
    const input = {
      assetId: asset.id,
      userId: person?.id ?? '',
      expectedReturn: expectedReturn || null,
      note,
    };
    const parsed = CheckOutInput.safeParse(input);
    const found: Errors = parsed.success ? {} : issuesByField(parsed.error.issues);
    if (!person) found.userId = 'Pick the person who gets the asset.';
    setErrors(found);
    if (Object.keys(found).length > 0 || !parsed.success) {
      if (found.expectedReturn) document.getElementById('checkout-return')?.focus();
      return;
    }
    checkOut.mutate(parsed.data);
  };

  return (
    <FormDialog
      title={`Check out ${asset.tag}`}
      submitLabel="Check out"
      busy={checkOut.isPending}
      error={checkOut.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <p>
        <strong>{asset.tag}</strong> {asset.name}
      </p>
      <PersonPicker value={person} onChange={setPerson} error={errors.userId} />
      <CheckOutFields
        expectedReturn={expectedReturn}
        onExpectedReturn={setExpectedReturn}
        note={note}
        onNote={setNote}
        errors={errors}
      />
    </FormDialog>
  );
}

/** "Expected return" and "Note", shared by the single and the bulk check-out. */
export function CheckOutFields({
  expectedReturn,
  onExpectedReturn,
  note,
  onNote,
  errors,
}: {
  expectedReturn: string;
  onExpectedReturn: (value: string) => void;
  note?: string;
  onNote?: (value: string) => void;
  errors: Errors;
}) {
  return (
    <>
      <Field
        id="checkout-return"
        label="Expected return"
        error={errors.expectedReturn}
        hint="Leave empty when there is no return date."
      >
        {(control) => (
          <input
            {...control}
            type="date"
            name="expectedReturn"
            min={todayIso()}
            value={expectedReturn}
            onChange={(e) => onExpectedReturn(e.target.value)}
          />
        )}
      </Field>
      {onNote ? (
        <Field id="checkout-note" label="Note" error={errors.note}>
          {(control) => (
            <input
              {...control}
              name="note"
              maxLength={1000}
              autoComplete="off"
              value={note}
              onChange={(e) => onNote(e.target.value)}
            />
          )}
        </Field>
      ) : null}
    </>
  );
}
