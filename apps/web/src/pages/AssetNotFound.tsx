import { HomeLink } from '../components/HomeLink.tsx';

/** For an id that does not exist, was deleted, or belongs to someone else (employees). */
export function AssetNotFound() {
  return (
    <div className="state" data-testid="asset-not-found">
      <h1>Not found or not yours</h1>
      <p>This asset does not exist, has been deleted, or is not one you may see.</p>
      <HomeLink />
    </div>
  );
}
