import { type FormEvent, type ReactNode, useState } from 'react';
import { Field } from '../components/Field.tsx';
import { FormError } from '../components/States.tsx';
import {
  LICENSE_FIELDS,
  type LicenseErrors,
  type LicenseField,
  type LicenseFormValues,
} from './licenseForm.ts';

const idOf = (field: LicenseField) => `license-${field}`;

/**
 * The one form for a new license and for editing one. The page checks the values with the
 * domain's schema on submit and passes back field errors (its own or the server's).
 */
export function LicenseForm({
  mode,
  initial,
  errors,
  formError,
  busy,
  seatsUsed = 0,
  onSubmit,
  cancel,
}: {
  mode: 'create' | 'edit';
  initial: LicenseFormValues;
  errors: LicenseErrors;
  formError: string | null;
  busy: boolean;
  seatsUsed?: number;
  /** Returns the field errors found, if any, so the form can focus the first. */
  onSubmit: (values: LicenseFormValues) => LicenseErrors | undefined;
  cancel: ReactNode;
}) {
  const [values, setValues] = useState(initial);
  const set = (key: LicenseField) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = onSubmit(values);
    const first = found && LICENSE_FIELDS.find((f) => found[f]);
    if (first) document.getElementById(idOf(first))?.focus();
  };

  const input = (
    field: LicenseField,
    label: string,
    opts: {
      required?: boolean;
      max?: number;
      hint?: string;
      type?: 'date';
      decimal?: boolean;
      mono?: boolean;
    } = {},
  ) => (
    <Field id={idOf(field)} label={label} error={errors[field]} required={opts.required} hint={opts.hint}>
      {(control) => (
        <input
          {...control}
          name={field}
          type={opts.type ?? 'text'}
          maxLength={opts.max}
          inputMode={opts.decimal ? 'decimal' : undefined}
          placeholder={opts.decimal ? '0.00' : undefined}
          className={opts.mono ? 'mono' : undefined}
          spellCheck={opts.mono ? false : undefined}
          value={values[field]}
          onChange={set(field)}
          autoComplete="off"
        />
      )}
    </Field>
  );

  return (
    <form className="form license-form" noValidate onSubmit={submit} aria-busy={busy}>
      <FormError message={formError} />
      <fieldset className="form-section">
        <legend>Software</legend>
        <div className="form-grid">
          {input('name', 'Software name', { required: true, max: 200 })}
          {input('vendor', 'Vendor', { max: 200 })}
          <Field
            id={idOf('seats')}
            label="Seats"
            error={errors.seats}
            required
            hint={
              mode === 'edit' && seatsUsed > 0
                ? `${seatsUsed} in use: no fewer than that.`
                : 'How many people may use it.'
            }
          >
            {(control) => (
              <input
                {...control}
                name="seats"
                inputMode="numeric"
                value={values.seats}
                onChange={set('seats')}
                autoComplete="off"
              />
            )}
          </Field>
          {input('productKey', 'Product key', {
            max: 2000,
            mono: true,
            hint: 'Only IT staff can see it. Leave empty if there is none.',
          })}
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Purchase and renewal</legend>
        <div className="form-grid">
          {input('purchaseDate', 'Purchase date', { type: 'date' })}
          {input('purchaseCost', 'Purchase cost', { decimal: true })}
          {input('expiryDate', 'Expiry date', { type: 'date', hint: 'Leave empty if it never expires.' })}
          {input('renewalCost', 'Renewal cost', { decimal: true })}
          <Field
            id={idOf('renewalNotes')}
            label="Renewal notes"
            error={errors.renewalNotes}
            className="span-all"
          >
            {(control) => (
              <textarea
                {...control}
                name="renewalNotes"
                rows={3}
                maxLength={5000}
                value={values.renewalNotes}
                onChange={set('renewalNotes')}
              />
            )}
          </Field>
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
          {mode === 'create' ? 'Create license' : 'Save changes'}
        </button>
        {cancel}
      </div>
    </form>
  );
}
