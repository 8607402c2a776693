import { useState } from 'react';

/** The product key, masked until "Show" is pressed (staff only: others never receive it). */
export function ProductKey({ value }: { value: string | null }) {
  const [shown, setShown] = useState(false);
  if (!value) return <span className="muted">None recorded</span>;
  return (
    <span className="product-key">
      {shown ? (
        <code data-testid="product-key">{value}</code>
      ) : (
        <>
          <code data-testid="product-key" data-masked="true" aria-hidden="true">
            {'•'.repeat(Math.min(16, Math.max(8, value.length)))}
          </code>
          <span className="visually-hidden">Hidden</span>
        </>
      )}
      <button type="button" className="button small" onClick={() => setShown((s) => !s)}>
        {shown ? 'Hide' : 'Show'}
      </button>
    </span>
  );
}
