import type { ComponentChildren } from 'preact';
import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { Notice } from '../../../platform/views/forms.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import { StaffFrame, type StaffNavItem } from '../../../platform/views/StaffFrame.js';

/** What a public page of the accounts module needs besides its own data. */
export interface SiteContext {
  tenant: TenantView;
  citizen: ViewerView | null;
  csrf: string;
  /** `/{tenant}` */
  base: string;
  notice?: string;
}

export interface StaffContext {
  tenant: TenantView;
  staff: ViewerView | null;
  csrf: string;
  nav: StaffNavItem[];
  /** `/{tenant}/verwaltung` */
  base: string;
  notice?: string;
}

export function SitePage({ ctx, title, children }: { ctx: SiteContext; title: string; children: ComponentChildren }) {
  return (
    <SiteFrame tenant={ctx.tenant} title={title} citizen={ctx.citizen}>
      <div class="form-narrow kern-stack-md">
        {ctx.notice && <Notice kind="success">{ctx.notice}</Notice>}
        {children}
      </div>
    </SiteFrame>
  );
}

export function StaffPage({
  ctx,
  title,
  path,
  children,
}: {
  ctx: StaffContext;
  title: string;
  path?: string;
  children: ComponentChildren;
}) {
  return (
    <StaffFrame tenant={ctx.tenant} title={title} staff={ctx.staff} nav={ctx.nav} currentPath={path} csrfToken={ctx.csrf}>
      <div class="kern-stack-md">
        {ctx.notice && <Notice kind="success">{ctx.notice}</Notice>}
        {children}
      </div>
    </StaffFrame>
  );
}

/** A hidden field carried through a form (token, return path). */
export const Hidden = ({ name, value }: { name: string; value?: string }) =>
  value ? <input type="hidden" name={name} value={value} /> : null;
