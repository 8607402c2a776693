import { useId, useState } from 'react';
import { errorMessage, fieldErrorsOf, reasonOf } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { FormError } from '../components/States.tsx';
import { EVENT_TYPE_GROUPS, patternsOf } from './eventTypes.ts';

/** Registers a webhook: its URL and the event types it wants. Hands the one-time secret up. */
export function RegisterWebhookForm({ onCreated }: { onCreated: (url: string, secret: string) => void }) {
  const utils = trpc.useUtils();
  const urlId = useId();
  const hintId = useId();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [all, setAll] = useState(true);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [urlError, setUrlError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const create = trpc.webhooks.create.useMutation({
    onMutate: () => {
      setUrlError(null);
      setProblem(null);
    },
    onSuccess: ({ webhook, secret }) => {
      void utils.webhooks.list.invalidate();
      setUrl('');
      setDescription('');
      onCreated(webhook.url, secret);
    },
    onError: (error) => {
      if (reasonOf(error) === 'INVALID_WEBHOOK_URL') setUrlError(errorMessage(error));
      else setProblem(fieldErrorsOf(error).eventTypes ?? errorMessage(error));
    },
  });

  const toggle = (pattern: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(pattern);
    else next.delete(pattern);
    setChosen(next);
  };
  const eventTypes = patternsOf(all, chosen);

  return (
    <form
      className="webhook-form"
      aria-label="Register a webhook"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (eventTypes.length === 0) {
          setProblem('Choose at least one event type.');
          return;
        }
        create.mutate({ url, eventTypes, description });
      }}
    >
      <div className={`field field-url${urlError ? ' field-invalid' : ''}`}>
        <label htmlFor={urlId}>Payload URL</label>
        <input
          id={urlId}
          type="url"
          inputMode="url"
          placeholder="https://example.com/hooks/itam"
          required
          maxLength={2000}
          value={url}
          aria-invalid={urlError ? true : undefined}
          aria-describedby={hintId}
          onChange={(e) => setUrl(e.target.value)}
        />
        <p id={hintId} className={urlError ? 'field-error' : 'field-hint'}>
          {urlError ?? 'Events are POSTed here as signed JSON.'}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${urlId}-description`}>Description (optional)</label>
        <input
          id={`${urlId}-description`}
          maxLength={200}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <fieldset className="webhook-types">
        <legend>Event types</legend>
        <label>
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
          All events
        </label>
        {all ? null : (
          <div className="webhook-types-groups">
            {EVENT_TYPE_GROUPS.map((group) => (
              <fieldset key={group.entity}>
                <legend>{group.entity}</legend>
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.has(group.all)}
                    onChange={(e) => toggle(group.all, e.target.checked)}
                  />
                  {`All ${group.entity} events`}
                </label>
                {group.types.map((type) => (
                  <label key={type}>
                    <input
                      type="checkbox"
                      checked={chosen.has(group.all) || chosen.has(type)}
                      disabled={chosen.has(group.all)}
                      onChange={(e) => toggle(type, e.target.checked)}
                    />
                    {type}
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
        )}
      </fieldset>
      <FormError message={problem} />
      <div className="button-row">
        <button
          type="submit"
          className="button primary"
          disabled={create.isPending}
          aria-busy={create.isPending}
        >
          Register webhook
        </button>
      </div>
    </form>
  );
}
