import { AssignSeatInput, AssignSeatsInput } from '@itam/domain';
import { useState } from 'react';
import { refusalsOf } from '../api/errors.ts';
import { staleAfter, useRefresh } from '../api/refresh.ts';
import { type LicenseView, type SeatView, trpc } from '../api/trpc.ts';
import { FormDialog, Refusals } from '../components/Dialog.tsx';
import { type Person, PersonPicker } from '../components/PersonPicker.tsx';
import { useToast } from '../components/Toasts.tsx';

/**
 * "Assign seat" gives one person a seat; "Assign seats" gives several people one each, all or
 * nothing. People who already hold a seat cannot be picked again. When the server refuses, each
 * refused person is listed with the reason.
 */
export function AssignSeatDialog({
  license,
  seats,
  multiple,
  onClose,
}: {
  license: LicenseView;
  seats: readonly SeatView[];
  multiple: boolean;
  onClose: () => void;
}) {
  const toast = useToast();
  const refresh = useRefresh();
  const [person, setPerson] = useState<Person | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [pickError, setPickError] = useState<string | undefined>();
  const holders = new Map(seats.map((s) => [s.user.id, 'Has a seat']));
  const free = license.seats - license.seatsUsed;

  const done = (count: number) => {
    refresh(staleAfter.license(license.id));
    toast(
      multiple
        ? `Assigned ${count} ${count === 1 ? 'seat' : 'seats'} of ${license.name}.`
        : `Assigned a seat of ${license.name} to ${person?.username ?? 'them'}.`,
    );
    onClose();
  };
  const refused = () => refresh(staleAfter.license(license.id));
  const one = trpc.licenses.assignSeat.useMutation({ onSuccess: () => done(1), onError: refused });
  const many = trpc.licenses.assignSeats.useMutation({
    onSuccess: ({ seats: created }) => done(created.length),
    onError: refused,
  });
  const mutation = multiple ? many : one;
  const refusals = refusalsOf(mutation.error);
  const nameOf = new Map([...people, ...(person ? [person] : [])].map((p) => [p.id, p.username]));

  const submit = () => {
    if (multiple) {
      const parsed = AssignSeatsInput.safeParse({ licenseId: license.id, userIds: people.map((p) => p.id) });
      if (!parsed.success) {
        setPickError(parsed.error.issues[0]?.message);
        return;
      }
      setPickError(undefined);
      many.mutate(parsed.data);
    } else {
      const parsed = AssignSeatInput.safeParse({ licenseId: license.id, userId: person?.id ?? '' });
      if (!person || !parsed.success) {
        setPickError('Pick the person who gets the seat.');
        return;
      }
      setPickError(undefined);
      one.mutate(parsed.data);
    }
  };

  const label = multiple ? 'Assign seats' : 'Assign seat';
  return (
    <FormDialog
      title={`${label}: ${license.name}`}
      submitLabel={multiple && people.length > 1 ? `Assign ${people.length} seats` : label}
      busy={mutation.isPending}
      error={refusals.length > 0 ? null : mutation.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <p>
        {free <= 0
          ? 'Every seat is in use.'
          : `${free} of ${license.seats} ${license.seats === 1 ? 'seat is' : 'seats are'} free.`}
        {multiple ? ' Everyone picked gets a seat, or nobody does.' : ''}
      </p>
      {refusals.length > 0 ? (
        <Refusals
          error={mutation.error}
          refusals={refusals}
          nameOf={(id) => nameOf.get(id)}
          unknownName="Someone"
        />
      ) : null}
      {multiple ? (
        <PersonPicker
          multiple
          legend="People"
          value={people}
          onChange={setPeople}
          unavailable={holders}
          error={pickError}
        />
      ) : (
        <PersonPicker value={person} onChange={setPerson} unavailable={holders} error={pickError} />
      )}
    </FormDialog>
  );
}
