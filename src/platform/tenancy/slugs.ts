/** Top-level paths that a tenant slug would shadow. */
export const RESERVED_SLUGS = new Set(['api', 'assets', 'health', 'favicon.ico', 'robots.txt', 'static', 'verwaltung', 'admin']);

/** German message when the slug cannot name a tenant, else undefined. */
export function validateTenantSlug(slug: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug)) {
    return 'Das Kürzel darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten (2 bis 63 Zeichen).';
  }
  if (RESERVED_SLUGS.has(slug)) return `Das Kürzel „${slug}“ ist reserviert.`;
  return undefined;
}
