import type { ComponentChildren } from 'preact';
import type { TenantView, ViewerView } from '../../../../platform/views/context.js';
import { ErrorSummary, type FieldErrors, Notice } from '../../../../platform/views/forms.js';
import { StaffFrame, type StaffNavItem } from '../../../../platform/views/StaffFrame.js';

/** What every back-office page of the catalog needs besides its own data. */
export interface AdminContext {
  tenant: TenantView;
  staff: ViewerView | null;
  csrf: string;
  nav: StaffNavItem[];
  /** `/{tenant}/verwaltung` */
  base: string;
  notice?: string;
}

export function AdminPage({
  ctx,
  title,
  path,
  errors,
  children,
}: {
  ctx: AdminContext;
  title: string;
  path: string;
  errors?: FieldErrors;
  children: ComponentChildren;
}) {
  const failed = errors && Object.keys(errors).length > 0;
  return (
    <StaffFrame
      tenant={ctx.tenant}
      title={failed ? `Fehler: ${title}` : title}
      staff={ctx.staff}
      nav={ctx.nav}
      currentPath={path}
      csrfToken={ctx.csrf}
    >
      <div class="kern-stack-md">
        {errors && <ErrorSummary errors={errors} />}
        {ctx.notice && <Notice kind="success">{ctx.notice}</Notice>}
        {children}
      </div>
    </StaffFrame>
  );
}

const dateFormat = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Europe/Berlin',
});
export const formatDate = (d: Date | null) => (d ? dateFormat.format(d) : 'nie');
