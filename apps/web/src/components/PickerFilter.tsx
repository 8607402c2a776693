import { type ReactNode, useRef, useState } from 'react';
import { useDismissOutside } from '../lib/hooks.ts';
import { AssetPicker, type PickedAsset } from './AssetPicker.tsx';
import { type Person, PersonPicker } from './PersonPicker.tsx';

/**
 * A filter chosen in a picker that opens below its button ("Holder: anyone"); the choice, once
 * made, has a button that removes it. Escape closes the picker and returns to its button; a click
 * or the focus outside closes it too.
 */
export function PickerFilter({
  label,
  none,
  chosen,
  onClear,
  children,
}: {
  label: string;
  /** What the button says while nothing is chosen. */
  none: string;
  chosen: string | null;
  onClear: () => void;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const summary = useRef<HTMLElement>(null);
  const container = useRef<HTMLDivElement>(null);
  useDismissOutside(container, open, () => setOpen(false));
  return (
    <div className="field picker-filter" ref={container}>
      <details
        className="popover"
        open={open}
        onToggle={(e) => setOpen(e.currentTarget.open)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !open) return;
          setOpen(false);
          summary.current?.focus();
        }}
      >
        <summary className="button" ref={summary}>
          {label}: {chosen ?? none}
        </summary>
        {open ? <div className="popover-panel">{children(() => setOpen(false))}</div> : null}
      </details>
      {chosen ? (
        <button
          type="button"
          className="picker-chip-remove"
          aria-label={`Remove the filter ${label.toLowerCase()} ${chosen}`}
          onClick={onClear}
        >
          ×
        </button>
      ) : null}
    </div>
  );
}

/** A person chosen as a filter ("Holder: dana", "Actor: anyone"). */
export function PersonFilter({
  label,
  legend,
  chosen,
  value,
  onPick,
}: {
  label: string;
  /** What the picker asks ("Show the assignments of"). */
  legend: string;
  /** The chosen person's name as the button shows it. */
  chosen: string | null;
  value: Person | null;
  onPick: (person: Person | null) => void;
}) {
  return (
    <PickerFilter label={label} none="anyone" chosen={chosen} onClear={() => onPick(null)}>
      {(close) => (
        <PersonPicker
          legend={legend}
          value={value}
          onChange={(person) => {
            onPick(person);
            close();
          }}
        />
      )}
    </PickerFilter>
  );
}

/** One asset chosen as a filter ("Asset: IT-01008"). */
export function AssetFilter({
  legend,
  value,
  onPick,
}: {
  legend: string;
  value: PickedAsset | null;
  onPick: (asset: PickedAsset | null) => void;
}) {
  return (
    <PickerFilter label="Asset" none="any" chosen={value?.tag ?? null} onClear={() => onPick(null)}>
      {(close) => (
        <AssetPicker
          legend={legend}
          value={value}
          onChange={(asset) => {
            onPick(asset);
            close();
          }}
        />
      )}
    </PickerFilter>
  );
}
