import { useId, useState } from 'react';
import { trpc } from '../api/trpc.ts';
import { useDebounced } from '../lib/hooks.ts';
import { ROLE_LABELS } from '../lib/labels.ts';

export interface Person {
  id: string;
  username: string;
}

const SHOWN = 20;

/**
 * Choose one person (radio buttons) or several (checkboxes) from `users.list`, with a search box.
 * Each option is named by the username alone, with the email and role as its description.
 * Disabled accounts, and anyone `unavailable` names (with the reason), are shown but cannot be picked.
 * In `multiple` mode the chosen people stay listed above the search, whatever it shows.
 */
export function PersonPicker(
  props: {
    legend?: string;
    error?: string | undefined;
    unavailable?: ReadonlyMap<string, string>;
  } & (
    | { multiple?: false; value: Person | null; onChange: (person: Person | null) => void }
    | { multiple: true; value: readonly Person[]; onChange: (people: Person[]) => void }
  ),
) {
  const { legend = 'Person', error, unavailable } = props;
  const id = useId();
  const [q, setQ] = useState('');
  const search = useDebounced(q.trim(), 250);
  const users = trpc.users.list.useQuery(search ? { q: search, limit: SHOWN } : { limit: SHOWN }, {
    placeholderData: (previous) => previous,
    staleTime: 30_000,
  });
  const people = users.data?.items ?? [];
  const chosen: readonly Person[] = props.multiple ? props.value : props.value ? [props.value] : [];
  const isChosen = (userId: string) => chosen.some((p) => p.id === userId);

  const toggle = (person: Person, on: boolean) => {
    if (props.multiple) {
      props.onChange(on ? [...props.value, person] : props.value.filter((p) => p.id !== person.id));
    } else {
      props.onChange(on ? person : null);
    }
  };

  const errorId = `${id}-error`;
  return (
    <fieldset
      className={`picker${error ? ' field-invalid' : ''}`}
      aria-describedby={error ? errorId : undefined}
      data-testid="person-picker"
    >
      <legend>{legend}</legend>
      {props.multiple && props.value.length > 0 ? (
        <ul className="picker-chosen" aria-label="Chosen">
          {props.value.map((p) => (
            <li key={p.id} className="picker-chip">
              {p.username}
              <button
                type="button"
                className="picker-chip-remove"
                aria-label={`Remove ${p.username}`}
                onClick={() => toggle(p, false)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        type="search"
        aria-label="Search people"
        placeholder="Search by username or email…"
        maxLength={200}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-autofocus
      />
      <div className="picker-list" aria-busy={users.isFetching}>
        {users.isPending ? (
          <p className="picker-note">Loading people…</p>
        ) : users.isError && !users.data ? (
          <p className="picker-note field-error">The people could not be loaded.</p>
        ) : people.length === 0 ? (
          <p className="picker-note">Nobody matches “{search}”.</p>
        ) : (
          people.map((u) => {
            const optionId = `${id}-${u.id}`;
            const why = u.disabled ? 'Disabled account' : unavailable?.get(u.id);
            return (
              <label
                key={u.id}
                className={`picker-option${why ? ' picker-option-off' : ''}`}
                htmlFor={optionId}
              >
                <input
                  id={optionId}
                  type={props.multiple ? 'checkbox' : 'radio'}
                  name={`${id}-person`}
                  value={u.id}
                  checked={isChosen(u.id)}
                  disabled={!!why && !isChosen(u.id)}
                  aria-describedby={`${optionId}-about`}
                  onChange={(e) => toggle({ id: u.id, username: u.username }, e.target.checked)}
                />
                <span className="picker-name">{u.username}</span>
                <span className="picker-about" id={`${optionId}-about`} aria-hidden="true">
                  {why ?? `${u.email} · ${ROLE_LABELS[u.role]}`}
                </span>
              </label>
            );
          })
        )}
      </div>
      {users.data?.nextCursor ? <p className="picker-note">More people match: narrow the search.</p> : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
