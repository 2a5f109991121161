import { type ReactNode, useEffect, useState } from 'react';
import { usePrincipal, useSession } from '../api/session.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { LanguageSelect } from './LanguageSelect.js';
import { type NavItem, operatorNav, portalNav } from './nav.js';
import { Link, navigate, useLocation } from './router.js';

function isCurrent(item: NavItem, path: string): boolean {
  return path === item.path || path.startsWith(`${item.path}/`);
}

/** The signed-in frame: header, navigation (a menu button on a phone), and the view. */
export function Shell({ children }: { children: ReactNode }) {
  const { t, word } = useI18n();
  const principal = usePrincipal();
  const { signOut } = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const items = principal.kind === 'operator' ? operatorNav : portalNav;

  useEffect(() => setMenuOpen(false), [path]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(event) => {
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          <span>Tollgate</span>
          <span className="brand-area">{principal.kind === 'operator' ? t('nav.areaOperator') : t('nav.areaPortal')}</span>
        </div>
        <button type="button" className="menu-button button secondary" aria-expanded={menuOpen} aria-controls="primary-nav" onClick={() => setMenuOpen((open) => !open)}>
          {t('nav.menu')}
        </button>
        <div className="topbar-tools">
          <LanguageSelect />
          <span className="who" title={principal.id}>
            {principal.name} <span className="muted">· {word('role', principal.role)}</span>
          </span>
          <button type="button" className="button secondary" onClick={() => void signOut().then(() => navigate('/sign-in', {}, { replace: true }))}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <div className="body">
        <nav id="primary-nav" className={`sidenav${menuOpen ? ' open' : ''}`} aria-label={t('nav.primary')}>
          <ul>
            {items.map((item) => (
              <li key={item.path}>
                <Link to={item.path} aria-current={isCurrent(item, path) ? 'page' : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
