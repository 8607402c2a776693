import { HomeLink } from '../components/HomeLink.tsx';

/** For an id that does not exist, was deleted, or is not one the caller holds a seat of. */
export function LicenseNotFound() {
  return (
    <div className="state" data-testid="license-not-found">
      <h1>Not found or not yours</h1>
      <p>This license does not exist, has been deleted, or is not one you may see.</p>
      <HomeLink />
    </div>
  );
}
