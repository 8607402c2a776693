import { Link } from 'react-router';
import type { LicenseView } from '../api/trpc.ts';
import { ExpiryBadge } from '../components/ExpiryBadge.tsx';
import { SeatsBar } from '../components/SeatsBar.tsx';
import { TableFrame } from '../components/TableFrame.tsx';

/** One row per license: its name links to its page; seats used of owned; where it stands on expiry. */
export function LicenseTable({ licenses, busy }: { licenses: readonly LicenseView[]; busy: boolean }) {
  return (
    <TableFrame label="Licenses">
      <table className="table license-table" data-testid="license-table" aria-busy={busy}>
        <caption className="visually-hidden">Licenses</caption>
        <thead>
          <tr>
            <th scope="col">Software</th>
            <th scope="col">Vendor</th>
            <th scope="col">Seats</th>
            <th scope="col">Expiry</th>
          </tr>
        </thead>
        <tbody>
          {licenses.map((license) => (
            <tr key={license.id} data-testid="license-row" data-name={license.name}>
              <th scope="row" className="cell-main">
                <Link to={`/licenses/${license.id}`} className="row-link">
                  {license.name}
                </Link>
              </th>
              <td>{license.vendor ?? <span className="muted">—</span>}</td>
              <td>
                <SeatsBar used={license.seatsUsed} owned={license.seats} />
              </td>
              <td>
                <ExpiryBadge license={license} withDate />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}
