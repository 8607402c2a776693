/**
 * A column header that sorts the table: a button named by the column, and `aria-sort` on the
 * header of the column the table is sorted by (`order`; null for the other columns).
 */
export function SortableHeader({
  label,
  order,
  onSort,
}: {
  label: string;
  order: 'asc' | 'desc' | null;
  onSort: () => void;
}) {
  return (
    <th scope="col" aria-sort={order === null ? undefined : order === 'asc' ? 'ascending' : 'descending'}>
      <button type="button" className="sort-button" onClick={onSort}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {order === 'asc' ? '↑' : order === 'desc' ? '↓' : '↕'}
        </span>
      </button>
    </th>
  );
}
