import { parseArgs } from 'node:util';
import { ORPHAN_GRACE_HOURS, sweepOrphanBlobs } from '../platform/files-sweep.js';
import type { CliCommand } from './commands.js';
import { print, UsageError } from './output.js';

export const filesCommands: CliCommand[] = [
  {
    name: 'files',
    sub: 'sweep',
    usage: 'files sweep [--grace-hours H]',
    summary: 'Gespeicherte Dateien löschen, auf die nichts mehr verweist',
    async run(args) {
      const { values } = parseArgs({ args, options: { 'grace-hours': { type: 'string' } }, strict: true });
      const graceHours = Number(values['grace-hours'] ?? ORPHAN_GRACE_HOURS);
      if (!Number.isFinite(graceHours) || graceHours < 1)
        throw new UsageError('--grace-hours muss eine Zahl ab 1 sein (Dateien jünger als das bleiben liegen).');
      const { withPlatform } = await import('./run.js');
      return withPlatform(async (p) => {
        const result = await sweepOrphanBlobs(p, { graceHours });
        print(`${result.checked} Dateien geprüft, ${result.deleted} ohne Verweis gelöscht.`);
        return 0;
      });
    },
  },
];
