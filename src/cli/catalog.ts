import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { exportCatalog, importCatalog } from '../modules/catalog/index.js';
import { findTenantBySlug } from '../platform/tenancy/repo.js';
import type { CliCommand } from './commands.js';
import { print, printError, UsageError } from './output.js';
import { withPlatform } from './run.js';

function tenantAndFile(args: string[], verb: string) {
  const { values, positionals } = parseArgs({
    args,
    options: { tenant: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (!values.tenant) throw new UsageError(`--tenant fehlt. Aufruf: rathaus catalog ${verb} --tenant T DATEI`);
  if (positionals.length !== 1)
    throw new UsageError(`Genau eine Datei angeben. Aufruf: rathaus catalog ${verb} --tenant T DATEI`);
  return { tenant: values.tenant, file: positionals[0] };
}

const counts = (label: string, c: { created: number; updated: number }) =>
  print(`  ${label.padEnd(17)} ${c.created} neu, ${c.updated} aktualisiert`);

export const catalogCommands: CliCommand[] = [
  {
    name: 'catalog',
    sub: 'export',
    usage: 'catalog export --tenant T DATEI',
    summary: 'Leistungskatalog als JSON exportieren (- für stdout)',
    async run(args) {
      const { tenant, file } = tenantAndFile(args, 'export');
      return withPlatform(async (p) => {
        const found = await findTenantBySlug(p.db, tenant);
        if (!found) throw new UsageError(`Den Mandanten „${tenant}“ gibt es nicht.`);
        const catalog = await exportCatalog(p.db, found.id, found.slug);
        const json = `${JSON.stringify(catalog, null, 2)}\n`;
        if (file === '-') process.stdout.write(json);
        else {
          await writeFile(file, json, 'utf8');
          print(
            `${catalog.services.length} Leistungen, ${catalog.lebenslagen.length} Lebenslagen, ${catalog.contacts.length} Ansprechpersonen und ${catalog.locations.length} Standorte nach ${file} geschrieben.`,
          );
        }
        return 0;
      });
    },
  },
  {
    name: 'catalog',
    sub: 'import',
    usage: 'catalog import --tenant T DATEI',
    summary: 'Leistungskatalog aus JSON einspielen (prüft erst alles)',
    async run(args) {
      const { tenant, file } = tenantAndFile(args, 'import');
      let source: string;
      try {
        source = await readFile(file, 'utf8');
      } catch (error) {
        throw new UsageError(`Die Datei ${file} lässt sich nicht lesen: ${(error as Error).message}`);
      }
      return withPlatform(async (p) => {
        const found = await findTenantBySlug(p.db, tenant);
        if (!found) throw new UsageError(`Den Mandanten „${tenant}“ gibt es nicht.`);
        const result = await importCatalog(p.db, found.id, source);
        if (!result.ok) {
          printError(
            `${file} enthält ${result.problems.length === 1 ? 'einen Fehler' : `${result.problems.length} Fehler`}; nichts wurde gespeichert.`,
          );
          for (const problem of result.problems.slice(0, 200)) printError(`  ${problem.path}: ${problem.message}`);
          if (result.problems.length > 200) printError(`  … und ${result.problems.length - 200} weitere.`);
          return 1;
        }
        const r = result.report;
        print(`Katalog in „${found.slug}“ eingespielt:`);
        counts('Leistungen', r.services);
        counts('Lebenslagen', r.lebenslagen);
        counts('Ansprechpersonen', r.contacts);
        counts('Standorte', r.locations);
        print(`  ${'Synonyme'.padEnd(17)} ${r.synonyms}`);
        if (r.departmentsCreated.length > 0) print(`  Neue Fachbereiche: ${r.departmentsCreated.join(', ')}`);
        return 0;
      });
    },
  },
];
