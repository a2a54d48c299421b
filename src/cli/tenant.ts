import { parseArgs } from 'node:util';
import { insertTenant, listTenants } from '../platform/tenancy/repo.js';
import { validateTenantSlug } from '../platform/tenancy/slugs.js';
import type { CliCommand } from './commands.js';
import { print, UsageError } from './output.js';
import { withPlatform } from './run.js';

export const tenantCommands: CliCommand[] = [
  {
    name: 'tenant',
    sub: 'list',
    usage: 'tenant list',
    summary: '',
    run: () =>
      withPlatform(async (p) => {
        const tenants = await listTenants(p.db);
        if (tenants.length === 0) print('Keine Mandanten.');
        for (const t of tenants) print(`${t.slug.padEnd(20)} ${t.type.padEnd(10)} ${t.name}`);
        return 0;
      }),
  },
  {
    name: 'tenant',
    sub: 'create',
    usage: 'tenant create --slug S --name N --type T',
    summary: '',
    async run(args) {
      const { values } = parseArgs({
        args,
        options: { slug: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' } },
        strict: true,
      });
      const problems: string[] = [];
      const slugProblem = values.slug ? validateTenantSlug(values.slug) : '--slug fehlt.';
      if (slugProblem) problems.push(slugProblem);
      if (!values.name?.trim()) problems.push('--name fehlt.');
      if (values.type !== 'landkreis' && values.type !== 'gemeinde') problems.push('--type muss „landkreis“ oder „gemeinde“ sein.');
      if (problems.length) throw new UsageError(problems.join('\n'));
      return withPlatform(async (p) => {
        const exists = await p.db.selectFrom('tenants').select('id').where('slug', '=', values.slug as string).executeTakeFirst();
        if (exists) throw new UsageError(`Ein Mandant mit dem Kürzel „${values.slug}“ existiert bereits.`);
        const t = await insertTenant(p.db, { slug: values.slug as string, name: (values.name as string).trim(), type: values.type as 'landkreis' });
        print(`Mandant angelegt: ${t.slug} (${t.name})`);
        return 0;
      });
    },
  },
];
