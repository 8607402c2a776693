import { ASSET_CONDITIONS, ASSET_TYPES, INITIAL_STAGES, STAGE_LABELS } from '@itam/domain';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Field } from '../components/Field.tsx';
import { FormError } from '../components/States.tsx';
import { CONDITION_LABELS, TYPE_LABELS } from '../lib/labels.ts';
import type { AssetField, AssetFormValues } from './assetForm.ts';

const FIELD_ORDER: AssetField[] = [
  'tag',
  'name',
  'type',
  'model',
  'serialNumber',
  'condition',
  'stage',
  'purchaseDate',
  'purchaseCost',
  'warrantyEnd',
  'location',
  'notes',
];
const idOf = (field: AssetField) => `asset-${field}`;

/**
 * The one form for registering and editing an asset. The page checks the values with the domain's
 * schema on submit and passes back field errors (its own or the server's) and a form-level error.
 */
export function AssetForm({
  mode,
  initial,
  errors,
  formError,
  busy,
  onSubmit,
  cancel,
}: {
  mode: 'create' | 'edit';
  initial: AssetFormValues;
  errors: Partial<Record<AssetField, string>>;
  formError: string | null;
  busy: boolean;
  /** Returns the field errors found, if any, so the form can focus the first. */
  onSubmit: (values: AssetFormValues) => Partial<Record<AssetField, string>> | undefined;
  cancel: ReactNode;
}) {
  const [values, setValues] = useState(initial);
  const set =
    <K extends AssetField>(key: K) =>
    (e: { target: { value: string } }) =>
      setValues((v) => ({ ...v, [key]: e.target.value as AssetFormValues[K] }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = onSubmit(values);
    const first = found && FIELD_ORDER.find((f) => found[f]);
    if (first) document.getElementById(idOf(first))?.focus();
  };

  const text = (
    field: AssetField,
    label: string,
    opts: { required?: boolean; max?: number; hint?: string } = {},
  ) => (
    <Field id={idOf(field)} label={label} error={errors[field]} required={opts.required} hint={opts.hint}>
      {(control) => (
        <input
          {...control}
          name={field}
          maxLength={opts.max}
          value={values[field]}
          onChange={set(field)}
          autoComplete="off"
        />
      )}
    </Field>
  );

  return (
    <form className="form asset-form" noValidate onSubmit={submit} aria-busy={busy}>
      <FormError message={formError} />
      <fieldset className="form-section">
        <legend>Identity</legend>
        <div className="form-grid">
          {text('tag', 'Asset tag', {
            required: true,
            max: 64,
            hint: 'The label on the device, e.g. IT-01234.',
          })}
          {text('name', 'Name', { required: true, max: 200 })}
          <Field id={idOf('type')} label="Type" error={errors.type} required>
            {(control) => (
              <select {...control} name="type" value={values.type} onChange={set('type')}>
                {ASSET_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {TYPE_LABELS[t]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('model', 'Model', { max: 200 })}
          {text('serialNumber', 'Serial number', { max: 200 })}
          <Field id={idOf('condition')} label="Condition" error={errors.condition}>
            {(control) => (
              <select {...control} name="condition" value={values.condition} onChange={set('condition')}>
                {ASSET_CONDITIONS.map((c) => (
                  <option key={c} value={c}>
                    {CONDITION_LABELS[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {mode === 'create' ? (
            <Field id={idOf('stage')} label="Initial stage" error={errors.stage}>
              {(control) => (
                <select {...control} name="stage" value={values.stage} onChange={set('stage')}>
                  {INITIAL_STAGES.map((s) => (
                    <option key={s} value={s}>
                      {STAGE_LABELS[s]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Purchase and warranty</legend>
        <div className="form-grid">
          <Field id={idOf('purchaseDate')} label="Purchase date" error={errors.purchaseDate}>
            {(control) => (
              <input
                {...control}
                type="date"
                name="purchaseDate"
                value={values.purchaseDate}
                onChange={set('purchaseDate')}
              />
            )}
          </Field>
          <Field id={idOf('purchaseCost')} label="Purchase cost" error={errors.purchaseCost}>
            {(control) => (
              <input
                {...control}
                name="purchaseCost"
                inputMode="decimal"
                placeholder="0.00"
                value={values.purchaseCost}
                onChange={set('purchaseCost')}
                autoComplete="off"
              />
            )}
          </Field>
          <Field id={idOf('warrantyEnd')} label="Warranty end" error={errors.warrantyEnd}>
            {(control) => (
              <input
                {...control}
                type="date"
                name="warrantyEnd"
                value={values.warrantyEnd}
                onChange={set('warrantyEnd')}
              />
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Whereabouts</legend>
        <div className="form-grid">
          {text('location', 'Location', { max: 200 })}
          <Field id={idOf('notes')} label="Notes" error={errors.notes} className="span-all">
            {(control) => (
              <textarea
                {...control}
                name="notes"
                rows={4}
                maxLength={5000}
                value={values.notes}
                onChange={set('notes')}
              />
            )}
          </Field>
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
          {mode === 'create' ? 'Create asset' : 'Save changes'}
        </button>
        {cancel}
      </div>
    </form>
  );
}
