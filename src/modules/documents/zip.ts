/**
 * The whole file (Akte) of a case as one ZIP: every version of every document, each
 * re-hashed on the way in, and an index (index.html for people, index.txt for tools)
 * naming document, version, date and SHA-256. fflate is pure JavaScript.
 */
import { type Zippable, zipSync } from 'fflate';
import { appendAudit } from '../../platform/audit.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './repo.js';
import { readDocumentVerified, safeFilename } from './service.js';

export interface ZipExtraEntry {
  /** Path inside the archive, e.g. "vorgang.html"; must not start with "dokumente/" or be an index file. */
  name: string;
  bytes: Buffer | string;
}

export interface ZipOptions {
  /** Heading of the index, e.g. "Akte BA-2025-0042 – Antrag auf Hundesteuer". */
  indexTitle: string;
  /** Further files the caller adds (e.g. a case summary). */
  entries?: ZipExtraEntry[];
  /** Who exports: logged once as 'document.export' for the case. */
  actorId?: string | null;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const dateTime = (d: Date) =>
  new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(d);

/** Already compressed formats are stored as they are; compressing them again only costs time. */
const STORE_ONLY = /^(application\/(pdf|zip)|image\/)/i;

interface IndexLine {
  number: number;
  title: string;
  kind: string;
  version: number;
  current: boolean;
  date: Date;
  sha256: string;
  size: number;
  path: string | null;
  note?: string;
}

function indexHtml(title: string, lines: IndexLine[], extras: string[]): string {
  const rows = lines
    .map(
      (
        l,
      ) => `<tr><td>${l.number}</td><td>${escapeHtml(l.title)}</td><td>${escapeHtml(l.kind)}</td><td>${l.version}${l.current ? ' (aktuell)' : ''}</td>
<td>${escapeHtml(dateTime(l.date))}</td><td>${l.path ? `<a href="${escapeHtml(encodeURI(l.path))}">${escapeHtml(l.path)}</a>` : escapeHtml(l.note ?? '')}</td><td><code>${l.sha256}</code></td></tr>`,
    )
    .join('\n');
  const extraList = extras.length
    ? `<h2>Weitere Dateien</h2><ul>${extras.map((e) => `<li><a href="${escapeHtml(encodeURI(e))}">${escapeHtml(e)}</a></li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1>
<p>Erstellt am ${escapeHtml(dateTime(new Date()))}. Jede Datei lässt sich mit ihrer SHA-256-Prüfsumme prüfen.</p>
<table border="1" cellpadding="4"><thead><tr><th>Nr.</th><th>Dokument</th><th>Art</th><th>Version</th><th>Datum</th><th>Datei</th><th>SHA-256</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${extraList}
</body></html>
`;
}

function indexText(title: string, lines: IndexLine[]): string {
  const body = lines.map((l) =>
    [
      l.number,
      l.title,
      l.kind,
      `v${l.version}${l.current ? ' (aktuell)' : ''}`,
      dateTime(l.date),
      l.path ?? l.note ?? '',
      l.sha256,
    ].join('\t'),
  );
  return `${title}\nNr.\tDokument\tArt\tVersion\tDatum\tDatei\tSHA-256\n${body.join('\n')}\n`;
}

/** The case's file as a ZIP archive (in memory: files are at most a few MB each). */
export async function zipCaseFile(platform: Platform, tenantId: string, caseId: string, extra: ZipOptions): Promise<Buffer> {
  const versions = await repo.listCaseVersionRows(platform.db, tenantId, caseId);
  const files: Zippable = {};
  const lines: IndexLine[] = [];
  const numbers = new Map<string, number>();
  for (const v of versions) {
    if (!numbers.has(v.id)) numbers.set(v.id, numbers.size + 1);
    const number = numbers.get(v.id) as number;
    const path = `dokumente/${String(number).padStart(3, '0')}_v${v.version}_${safeFilename(v.filename).replace(/\s+/g, '_')}`;
    const read = await readDocumentVerified(platform, tenantId, v.id, v.version);
    const line: IndexLine = {
      number,
      title: v.title,
      kind: v.kind,
      version: v.version,
      current: v.version === v.current_version,
      date: v.version_created_at,
      sha256: v.sha256,
      size: Number(v.size),
      path: null,
    };
    if ('tampered' in read) {
      line.note = 'NICHT ENTHALTEN: Inhalt stimmt nicht mit der Prüfsumme überein (Manipulationsverdacht).';
    } else {
      files[path] = [new Uint8Array(read.bytes), { level: STORE_ONLY.test(v.content_type) ? 0 : 6, mtime: v.version_created_at }];
      line.path = path;
    }
    lines.push(line);
  }
  const extras: string[] = [];
  for (const entry of extra.entries ?? []) {
    const name = entry.name.replace(/^\/+/, '');
    if (
      !name ||
      name.startsWith('dokumente/') ||
      name === 'index.html' ||
      name === 'index.txt' ||
      name.split('/').includes('..')
    ) {
      throw new Error(`Ungültiger Name für eine Datei im Archiv: ${entry.name}`);
    }
    files[name] = [
      typeof entry.bytes === 'string' ? new TextEncoder().encode(entry.bytes) : new Uint8Array(entry.bytes),
      { level: 6 },
    ];
    extras.push(name);
  }
  files['index.html'] = [new TextEncoder().encode(indexHtml(extra.indexTitle, lines, extras)), { level: 6 }];
  files['index.txt'] = [new TextEncoder().encode(indexText(extra.indexTitle, lines)), { level: 6 }];
  if (extra.actorId) {
    await appendAudit(platform.db, {
      tenantId,
      actorId: extra.actorId,
      action: 'document.export',
      subject: caseId,
      details: { documents: numbers.size, versions: versions.length },
    });
  }
  return Buffer.from(zipSync(files));
}
