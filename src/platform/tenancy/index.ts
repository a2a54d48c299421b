export * from './repo.js';
export { RESERVED_SLUGS, validateTenantSlug } from './slugs.js';
