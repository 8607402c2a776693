import { useEffect, useId, useRef, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useDismissOutside } from '../lib/hooks.ts';
import { useUser } from '../session/session.tsx';
import { type NavItem, navItemsFor } from './navItems.ts';

/**
 * The header's menu. Wide: the daily pages in a row, the rest behind a "More" button. Narrow
 * (phones): every page behind one "Menu" button. The button is a disclosure (aria-expanded on a
 * list of links): Tab walks the links, Escape closes it and puts focus back on the button, and a
 * click elsewhere or following a link closes it.
 */
export function MainNav() {
  const user = useUser();
  const items = navItemsFor(user);
  const main = items.filter((item) => item.group === 'main');
  const more = items.filter((item) => item.group === 'more');
  // With two pages or fewer, they fit a phone's header as they are.
  const folds = items.length > 2;
  return (
    <nav aria-label="Main" className={folds ? 'nav nav-folds' : 'nav'}>
      <ul className="nav-list nav-main">
        {main.map((item) => (
          <li key={item.to}>
            <Item item={item} />
          </li>
        ))}
      </ul>
      {folds ? <MoreMenu main={main} more={more} /> : null}
    </nav>
  );
}

function MoreMenu({ main, more }: { main: readonly NavItem[]; more: readonly NavItem[] }) {
  const [open, setOpen] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const { pathname } = useLocation();
  const current = more.find((item) => pathname === item.to || pathname.startsWith(`${item.to}/`));

  // Following a link (or going back) closes the menu.
  useEffect(() => setOpen(false), [pathname]);

  // A click or a tab outside the menu closes it.
  useDismissOutside(container, open, () => setOpen(false));

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the menu closes it (a key handler on its wrapper, not a control).
    <div
      className={`nav-more${more.length === 0 ? ' nav-more-narrow-only' : ''}`}
      ref={container}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className={`nav-link nav-toggle${current ? ' nav-toggle-current' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="nav-toggle"
        onClick={() => setOpen((was) => !was)}
      >
        <span className="nav-toggle-wide">{current ? `More: ${current.label}` : 'More'}</span>
        <span className="nav-toggle-narrow">Menu</span>
        <svg className="nav-toggle-icon" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
          <path d="M2 4l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
      </button>
      <ul id={panelId} className="nav-panel" hidden={!open}>
        {main.map((item) => (
          <li key={item.to} className="nav-panel-main">
            <Item item={item} />
          </li>
        ))}
        {more.map((item) => (
          <li key={item.to}>
            <Item item={item} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function Item({ item }: { item: NavItem }) {
  return (
    <NavLink to={item.to} className="nav-link">
      {item.label}
    </NavLink>
  );
}
