import { Link } from 'react-router';
import { useDocumentTitle } from '../lib/hooks.ts';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <div className="state">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link to="/assets" className="button">
        Back to assets
      </Link>
    </div>
  );
}
