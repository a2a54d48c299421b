import type { RathausModule } from '../../platform/module.js';
import { globalRoutes, siteRoutes } from './routes.js';

export const siteModule: RathausModule = { name: 'site', globalRoutes, siteRoutes };
