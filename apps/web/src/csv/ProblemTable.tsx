import type { ImportProblem } from '@itam/domain';

/** Every problem of a file, by line and column, as the dry run reports them. */
export function ProblemTable({ problems }: { problems: ImportProblem[] }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Problems in the file">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p) => (
            <tr key={`${p.line}:${p.column ?? ''}:${p.field ?? ''}:${p.reason}`}>
              <td>{p.line}</td>
              <td>{p.column === null ? (p.field ?? '–') : `${p.column}${p.field ? ` (${p.field})` : ''}`}</td>
              <td>{p.message}</td>
              <td>
                <code>{p.reason}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
