import { Link } from 'react-router';
import type { Finding } from './findings.ts';

/** Alerts from the compliance report, each a link to its subject with the facts beside it. */
export function FindingList({ findings }: { findings: readonly Finding[] }) {
  return (
    <ul className="finding-list">
      {findings.map((f) => (
        <li key={f.key} data-testid="finding" data-section={f.section}>
          <Link to={f.to} className={f.tag ? 'mono' : undefined}>
            {f.subject}
          </Link>
          {f.facts.map((fact) => (
            <span
              key={fact.text}
              className={['finding-fact', fact.bad ? 'finding-bad' : '', fact.className ?? '']
                .join(' ')
                .trim()}
            >
              {fact.text}
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}
