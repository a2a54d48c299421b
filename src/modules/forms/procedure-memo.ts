/**
 * Published procedures, kept in this process for at most a second: every submission and
 * every form page needs one, and it is read far more often than it is published. A
 * change in this process (publish, take offline, rename) clears the tenant's entries at
 * once; other processes see it within MEMO_MS. A published version never changes, so
 * the only staleness is which version is current, for at most that second.
 */
const MEMO_MS = 1000;
const MAX_ENTRIES = 2000;
const memo = new Map<string, { at: number; value: Promise<unknown> }>();

export function rememberPublished<T>(tenantId: string, slug: string, load: () => Promise<T>): Promise<T> {
  const key = `${tenantId}/${slug}`;
  const now = Date.now();
  const hit = memo.get(key);
  if (hit && now - hit.at < MEMO_MS) return hit.value as Promise<T>;
  const value = load();
  if (memo.size >= MAX_ENTRIES) memo.clear();
  memo.set(key, { at: now, value });
  // A failed read is not remembered.
  value.catch(() => {
    if (memo.get(key)?.value === value) memo.delete(key);
  });
  return value;
}

/** After a change of the tenant's procedures in this process: the next read asks the database. */
export function forgetPublishedProcedures(tenantId: string) {
  for (const key of memo.keys()) if (key.startsWith(`${tenantId}/`)) memo.delete(key);
}
