import type { AccountNavItem } from '../module.js';
import type { Tenant } from '../tenancy/repo.js';
import type { Platform } from '../platform.js';
import type { FrameExtras } from '../views/frame-context.js';
import type { StaffNavItem } from '../views/StaffFrame.js';

/** Who is acting: a citizen or staff member by session, or an integration by API token. */
export interface Principal {
  userId: string;
  tenantId: string;
  kind: 'citizen' | 'staff';
  email: string;
  name: string;
  role: 'admin' | 'editor' | 'clerk' | null;
  departmentId: string | null;
  via: 'session' | 'token';
}

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
    staffNav: StaffNavItem[];
    /** Links the modules put on the citizen's account page. */
    accountNav: AccountNavItem[];
  }
  interface FastifyRequest {
    /** Set for every route below /{tenant} and /api/v1/{tenant}. */
    tenant: Tenant;
    /** The logged-in citizen on the public site, if any. */
    citizen: Principal | null;
    /** The logged-in staff member in the back office, or the API token's user. */
    staff: Principal | null;
    /** Added to every public page by the site frame (see FrameContext). */
    frameExtras: FrameExtras | null;
  }
}
