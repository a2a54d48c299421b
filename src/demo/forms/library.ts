/**
 * The shared library in the demo: Musterkreis shares some of its procedures; Beispielstadt
 * (seeded after it) has imported the Feuerwehr service card, moved it to its Ordnungsamt
 * and published it. Not via the forms module's index.ts (it registers the seeder: cycle).
 */
import { updateGeneral } from '../../modules/forms/admin/builder.js';
import { changeDraft, publishDraft } from '../../modules/forms/admin/service.js';
import { importSharedProcedure, listLibrary, shareProcedure } from '../../modules/forms/library.js';
import { findProcedureIdBySlug } from '../../modules/forms/repo.js';
import type { Platform } from '../../platform/platform.js';

const SHARED_BY_MUSTERKREIS = ['schulbus-meldung', 'bildung-und-teilhabe', 'dienstausweis-feuerwehr'];
const IMPORTED_BY_BEISPIELSTADT = { slug: 'dienstausweis-feuerwehr', department: 'Ordnungsamt' };

export async function seedLibraryDemo(platform: Platform, tenant: { id: string; slug: string }) {
  const { db } = platform;
  if (tenant.slug === 'musterkreis') {
    for (const slug of SHARED_BY_MUSTERKREIS) {
      const id = await findProcedureIdBySlug(db, tenant.id, slug);
      if (!id) throw new Error(`Demo-Bibliothek: Verfahren ${slug} fehlt.`);
      const shared = await shareProcedure(db, tenant.id, null, id);
      if (!shared?.ok) throw new Error(`Demo-Bibliothek: ${slug} ließ sich nicht teilen.`);
    }
  }
  if (tenant.slug === 'beispielstadt') {
    // Only when Musterkreis shared it (a database with Musterkreis from an older release has no library yet).
    const entry = (await listLibrary(db)).find(
      (e) => e.slug === IMPORTED_BY_BEISPIELSTADT.slug && e.originTenantSlug === 'musterkreis',
    );
    if (!entry) return;
    const imported = await importSharedProcedure(db, tenant.id, null, entry.id, '');
    if (!imported?.ok) throw new Error('Demo-Bibliothek: Übernahme in Beispielstadt fehlgeschlagen.');
    const adapted = await changeDraft(db, tenant.id, null, imported.procedureId, (d) =>
      updateGeneral(d, {
        title: d.title,
        description: d.description?.replace('im Landkreis', 'in Beispielstadt') ?? '',
        service: d.service,
        department: IMPORTED_BY_BEISPIELSTADT.department,
        licence: d.licence ?? 'CC-BY-4.0',
        deadlineDays: d.workflow?.deadlineDays,
        retentionYears: d.workflow?.retentionYears ?? 10,
      }),
    );
    if (!adapted?.ok) throw new Error('Demo-Bibliothek: Anpassung in Beispielstadt fehlgeschlagen.');
    const published = await publishDraft(db, tenant.id, null, imported.procedureId);
    if (!published?.ok) throw new Error(`Demo-Bibliothek: ${published ? published.problems.join('; ') : 'Verfahren fehlt'}`);
  }
}
