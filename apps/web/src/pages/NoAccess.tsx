import { HomeLink } from '../components/HomeLink.tsx';

export function NoAccess() {
  return (
    <div className="state state-error">
      <h1>Not allowed</h1>
      <p>Your role does not allow this page.</p>
      <HomeLink />
    </div>
  );
}
