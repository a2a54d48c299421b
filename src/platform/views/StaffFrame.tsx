import type { ComponentChildren } from 'preact';
import type { StaffRole } from '../db/schema.js';
import type { TenantView, ViewerView } from './context.js';
import { Document } from './Document.js';

/** An entry of the back-office navigation, contributed by a module. */
/** What every back-office page needs besides its own data; modules extend it. */
export interface StaffPageView {
  tenant: TenantView;
  staff: ViewerView | null;
  nav: StaffNavItem[];
  csrf: string;
  /** A one-line confirmation after a redirect ("Gespeichert."). */
  notice?: string;
}

export interface StaffNavItem {
  /** Path below /{tenant}/verwaltung, e.g. "/benutzer". */
  path: string;
  label: string;
  roles: StaffRole[];
}

interface StaffFrameProps {
  tenant: TenantView;
  title: string;
  staff?: ViewerView | null;
  nav?: StaffNavItem[];
  currentPath?: string;
  csrfToken?: string;
  children: ComponentChildren;
  scripts?: string[];
}

/** The back office of a tenant: module navigation, the logged-in staff member, logout. */
export function StaffFrame({ tenant, title, staff, nav = [], currentPath, csrfToken, children, scripts }: StaffFrameProps) {
  const base = `/${tenant.slug}/verwaltung`;
  const visible = staff?.role ? nav.filter((item) => item.roles.includes(staff.role as StaffRole)) : [];
  return (
    <Document title={title} site={`Verwaltung ${tenant.name}`} scripts={scripts}>
      <nav class="skip-links" aria-label="Sprungziele">
        <a href="#inhalt" class="kern-link">
          Zum Inhalt springen
        </a>
        {visible.length > 0 && (
          <a href="#verwaltungsnavigation" class="kern-link">
            Zur Navigation springen
          </a>
        )}
      </nav>
      <header class="site-header site-header--staff">
        <div class="kern-container site-header__inner">
          <a href={base} class="site-header__name">
            Verwaltung · {tenant.name}
          </a>
          {staff && (
            <form method="post" action={`${base}/abmelden`} class="site-header__logout">
              <span class="site-header__user">{staff.name || staff.email}</span>
              <input type="hidden" name="_csrf" value={csrfToken} />
              <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                <span class="kern-label">Abmelden</span>
              </button>
            </form>
          )}
        </div>
      </header>
      <div class="kern-container staff-layout">
        {visible.length > 0 && (
          <nav id="verwaltungsnavigation" aria-label="Verwaltung" class="staff-nav">
            <ul>
              <li>
                <a class="kern-link" href={base} aria-current={currentPath === '' ? 'page' : undefined}>
                  Übersicht
                </a>
              </li>
              {visible.map((item) => (
                <li key={item.path}>
                  <a
                    class="kern-link"
                    href={`${base}${item.path}`}
                    aria-current={currentPath?.startsWith(item.path) ? 'page' : undefined}
                  >
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="inhalt" tabIndex={-1} class="staff-main">
          {children}
        </main>
      </div>
    </Document>
  );
}
