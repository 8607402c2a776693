import { HomeLink } from '../components/HomeLink.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <div className="state">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <HomeLink />
    </div>
  );
}
