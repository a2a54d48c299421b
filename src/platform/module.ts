import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from './platform.js';
import type { StaffNavItem } from './views/StaffFrame.js';

export interface DemoLogin {
  tenant: string;
  email: string;
  password: string;
  role: string;
}

/** Fills a module's demo data into one new demo tenant; returns logins to print. */
export type DemoSeeder = (
  platform: Platform,
  tenant: { id: string; slug: string },
  departments: Map<string, string>,
) => Promise<DemoLogin[]>;

export interface AccountNavItem {
  /** Path below /{tenant}, e.g. "/konto/antraege". */
  path: string;
  label: string;
}

/** What a module contributes to the app; app.ts registers each part in its scope. */
export interface RathausModule {
  name: string;
  /** Defines jobs and other start-up wiring; runs before the job queue starts. */
  setup?(platform: Platform): void | Promise<void>;
  /** Routes outside any tenant (e.g. `/`, `/api/v1/tenants`). */
  globalRoutes?: FastifyPluginAsync;
  /** HTML routes below `/{tenant}`: tenant resolved, sessions loaded, CSRF checked. */
  siteRoutes?: FastifyPluginAsync;
  /** JSON routes below `/api/v1/{tenant}`: tenant resolved, Bearer token loaded. */
  apiRoutes?: FastifyPluginAsync;
  /** Entries of the back-office navigation. */
  staffNav?: StaffNavItem[];
  /** Links on the citizen's account page ("Mein Konto"), e.g. "Meine Anträge". */
  accountNav?: AccountNavItem[];
  /** Demo data for a freshly created demo tenant. */
  seedDemo?: DemoSeeder;
}
