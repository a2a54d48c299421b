import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import type { StaffNavItem } from '../../../platform/views/StaffFrame.js';

/** What every back-office page of this module passes through to StaffFrame. */
export interface StaffFrameProps {
  tenant: TenantView;
  staff: ViewerView;
  nav: StaffNavItem[];
  csrfToken: string;
}
