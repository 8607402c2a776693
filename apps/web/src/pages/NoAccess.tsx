import { Link } from 'react-router';

export function NoAccess() {
  return (
    <div className="state state-error">
      <h1>Not allowed</h1>
      <p>Your role does not allow this page.</p>
      <Link to="/assets" className="button">
        Back to assets
      </Link>
    </div>
  );
}
