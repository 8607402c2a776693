import { MAINTENANCE_TYPES, type MaintenanceType, ScheduleMaintenanceInput } from '@itam/domain';
import { useState } from 'react';
import { staleAfter, useRefresh } from '../api/refresh.ts';
import { type AssetView, trpc } from '../api/trpc.ts';
import { FormDialog } from '../components/Dialog.tsx';
import { Field, issuesByField } from '../components/Field.tsx';
import { useToast } from '../components/Toasts.tsx';
import { parseMoney, todayIso } from '../lib/format.ts';
import { MAINTENANCE_TYPE_LABELS } from '../lib/labels.ts';

type FieldName = 'type' | 'scheduledFor' | 'details' | 'cost';
const idOf = (field: FieldName) => `maintenance-${field}`;

/** Plans work on the asset: what kind, when, what exactly, and what it is expected to cost. */
export function ScheduleMaintenanceDialog({ asset, onClose }: { asset: AssetView; onClose: () => void }) {
  const toast = useToast();
  const refresh = useRefresh();
  const [type, setType] = useState<MaintenanceType>('repair');
  const [scheduledFor, setScheduledFor] = useState(todayIso());
  const [details, setDetails] = useState('');
  const [cost, setCost] = useState('');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});

  const schedule = trpc.maintenance.schedule.useMutation({
    onSuccess: (record) => {
      refresh(staleAfter.maintenance(asset.id));
      toast(`Scheduled ${MAINTENANCE_TYPE_LABELS[record.type].toLowerCase()} of ${asset.tag}.`);
      onClose();
    },
  });

  const submit = () => {
    const money = parseMoney(cost);
    if (money === 'invalid') {
      setErrors({ cost: 'Enter the cost as a number, like 90.00.' });
      document.getElementById(idOf('cost'))?.focus();
      return;
    }
    const parsed = ScheduleMaintenanceInput.safeParse({
      assetId: asset.id,
      type,
      scheduledFor,
      details,
      cost: money,
    });
    if (!parsed.success) {
      const found = issuesByField(parsed.error.issues) as Partial<Record<FieldName, string>>;
      setErrors(found);
      const first = (['type', 'scheduledFor', 'details', 'cost'] as const).find((f) => found[f]);
      if (first) document.getElementById(idOf(first))?.focus();
      return;
    }
    setErrors({});
    schedule.mutate(parsed.data);
  };

  return (
    <FormDialog
      title={`Schedule maintenance of ${asset.tag}`}
      submitLabel="Schedule maintenance"
      busy={schedule.isPending}
      error={schedule.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="form-row">
        <Field id={idOf('type')} label="Type" error={errors.type} required>
          {(control) => (
            <select
              {...control}
              name="type"
              data-autofocus
              value={type}
              onChange={(e) => setType(e.target.value as MaintenanceType)}
            >
              {MAINTENANCE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {MAINTENANCE_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={idOf('scheduledFor')} label="Date" error={errors.scheduledFor} required>
          {(control) => (
            <input
              {...control}
              type="date"
              name="scheduledFor"
              value={scheduledFor}
              onChange={(e) => setScheduledFor(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field id={idOf('details')} label="Details" error={errors.details} required>
        {(control) => (
          <textarea
            {...control}
            name="details"
            rows={3}
            maxLength={5000}
            value={details}
            onChange={(e) => setDetails(e.target.value)}
          />
        )}
      </Field>
      <Field id={idOf('cost')} label="Cost" error={errors.cost} hint="Optional, e.g. 90.00.">
        {(control) => (
          <input
            {...control}
            name="cost"
            inputMode="decimal"
            placeholder="0.00"
            autoComplete="off"
            value={cost}
            onChange={(e) => setCost(e.target.value)}
          />
        )}
      </Field>
    </FormDialog>
  );
}
