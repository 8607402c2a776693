import { Link } from 'react-router';

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthName = (month: string) => MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month;
const longMonth = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString(undefined, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

const WIDTH = 600;
const HEIGHT = 180;
const AXIS = 22;

/**
 * License expiries per month as a bar chart, in plain SVG: a dozen bars need no charting library
 * (and none in the download). The chart is one image with a summary for screen readers; the same
 * numbers follow in a table they can read cell by cell, and each bar links to the licenses list.
 */
export function ExpiryChart({ months }: { months: readonly { month: string; count: number }[] }) {
  const max = Math.max(1, ...months.map((m) => m.count));
  const total = months.reduce((sum, m) => sum + m.count, 0);
  const slot = WIDTH / Math.max(1, months.length);
  const barHeight = (count: number) => Math.round(((HEIGHT - AXIS - 16) * count) / max);
  const summary = `${total} ${total === 1 ? 'license expires' : 'licenses expire'} in the next 12 months${
    total > 0 ? `; most in ${longMonth(months.reduce((a, b) => (b.count > a.count ? b : a)).month)}` : ''
  }.`;

  return (
    <figure className="chart" data-testid="expiry-chart" data-total={total}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} className="chart-svg">
        <line x1={0} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} className="chart-axis" />
        {months.map((m, i) => {
          const h = barHeight(m.count);
          const x = i * slot;
          return (
            <g key={m.month} data-month={m.month} data-count={m.count}>
              <rect
                x={x + slot * 0.2}
                y={HEIGHT - AXIS - h}
                width={slot * 0.6}
                height={h}
                rx={3}
                className={m.count > 0 ? 'chart-bar' : 'chart-bar chart-bar-empty'}
              />
              {m.count > 0 ? (
                <text x={x + slot / 2} y={HEIGHT - AXIS - h - 4} textAnchor="middle" className="chart-value">
                  {m.count}
                </text>
              ) : null}
              <text x={x + slot / 2} y={HEIGHT - 6} textAnchor="middle" className="chart-label">
                {monthName(m.month)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-caption">
        {summary} <Link to="/licenses">All licenses</Link>
      </figcaption>
      <table className="visually-hidden">
        <caption>License expiries per month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Licenses expiring</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{longMonth(m.month)}</th>
              <td>{m.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
