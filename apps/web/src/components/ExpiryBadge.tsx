import { expiryOf, expiryText } from '../lib/expiry.ts';
import { formatDate } from '../lib/format.ts';

/**
 * A license's standing against its expiry date: expired, expires in N days (within the domain's
 * 1, 7 and 30 day windows), valid, or no expiry, as the server says (the license's `expired` and
 * `daysUntilExpiry`). The words carry the meaning; colour only helps.
 */
export function ExpiryBadge({
  license,
  withDate = false,
}: {
  license: { expiryDate: string | null; expired: boolean; daysUntilExpiry: number | null };
  withDate?: boolean;
}) {
  const { expiryDate } = license;
  const expiry = expiryOf(license);
  const tone = expiry.state === 'expiring' ? `expiring-${expiry.window}` : expiry.state;
  return (
    <span className="expiry">
      {withDate && expiryDate ? <span className="expiry-date">{formatDate(expiryDate)}</span> : null}
      <span
        className={`badge expiry-badge expiry-${tone}`}
        data-testid="expiry-badge"
        data-state={expiry.state}
        data-window={expiry.state === 'expiring' ? expiry.window : undefined}
        title={expiryDate ? `Expiry date: ${formatDate(expiryDate)}` : undefined}
      >
        <span className="badge-dot" aria-hidden="true" />
        {expiryText(expiry)}
      </span>
    </span>
  );
}
