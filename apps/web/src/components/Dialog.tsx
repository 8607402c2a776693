import { type ReactNode, useEffect, useId, useRef } from 'react';
import { errorMessage } from '../api/errors.ts';
import { FormError } from './States.tsx';

/**
 * A modal dialog on the native <dialog>: the page behind is inert, focus moves inside (to the
 * element marked `autoFocus`, else the first control), Escape closes it, and focus returns to
 * whatever opened it.
 */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  onSubmit,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer: ReactNode;
  /** When given, the body is a form and Enter submits it. */
  onSubmit?: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const target =
      dialog.querySelector<HTMLElement>('[autofocus], [data-autofocus]') ??
      dialog.querySelector<HTMLElement>('input, select, textarea, button');
    target?.focus();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus?.();
    };
  }, []);

  const body = (
    <>
      <div className="dialog-body">{children}</div>
      <div className="dialog-footer">{footer}</div>
    </>
  );

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {onSubmit ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>
  );
}

/** A yes/no question: "Confirm" does it, "Cancel" or Escape does not. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel = 'Confirm',
  danger = false,
  busy = false,
  error,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      onSubmit={onConfirm}
      footer={
        <>
          <button type="button" className="button" onClick={onCancel} data-autofocus={danger || undefined}>
            Cancel
          </button>
          <button
            type="submit"
            className={`button ${danger ? 'danger' : 'primary'}`}
            disabled={busy}
            aria-busy={busy}
            data-autofocus={!danger || undefined}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}

/**
 * A dialog that is a form: "Cancel" and one submit button, and the server's refusal at the top
 * (unless the dialog shows the refusal itself, item by item: pass `error={null}` then).
 */
export function FormDialog({
  title,
  submitLabel,
  busy,
  disabled = false,
  error,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  submitLabel: string;
  busy: boolean;
  disabled?: boolean;
  error: unknown;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={onSubmit}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || disabled} aria-busy={busy}>
            {submitLabel}
          </button>
        </>
      }
    >
      {error ? <FormError message={errorMessage(error)} /> : null}
      {children}
    </Dialog>
  );
}

/** A bulk call refused: the reason, then each refused item by name with its own reason. */
export function Refusals({
  error,
  refusals,
  nameOf,
  unknownName,
  children,
}: {
  error: unknown;
  refusals: readonly { id: string; message: string }[];
  nameOf: (id: string) => string | undefined;
  unknownName: string;
  /** An action that fixes the selection, e.g. "Leave out the refused asset". */
  children?: ReactNode;
}) {
  return (
    <div className="alert alert-error" role="alert" data-testid="bulk-refusals">
      <p>{errorMessage(error)}</p>
      <ul className="refusal-list">
        {refusals.map((r) => (
          <li key={r.id} data-testid="refusal" data-id={r.id}>
            <strong>{nameOf(r.id) ?? unknownName}</strong>: {r.message}
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}
