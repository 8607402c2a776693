import { Link } from 'react-router';
import { homeOf } from '../lib/home.ts';
import { useUser } from '../session/session.tsx';

/** "Back to assets" for staff, "Back to my holdings" for everyone else. */
export function HomeLink() {
  const home = homeOf(useUser());
  return (
    <Link to={home.path} className="button">
      {home.label}
    </Link>
  );
}
