import { parseArgs } from 'node:util';
import { answerMailRequest, type MailAnswer, type MailRequest } from '../modules/outbox/control.js';
import { loadConfig } from '../platform/config.js';
import type { Platform } from '../platform/platform.js';
import type { CliCommand } from './commands.js';
import { print, UsageError } from './output.js';

/** Runs a mail request on an open platform and prints it; separate from the command so tests can call it. */
export async function runMailRequest(
  platform: Platform,
  request: MailRequest,
  out: (line: string) => void = print,
): Promise<number> {
  return printAnswer((await answerMailRequest(platform, request)) as MailAnswer, out);
}

function printAnswer(answer: MailAnswer, out: (line: string) => void): number {
  if ('usageError' in answer) throw new UsageError(answer.usageError);
  for (const line of answer.lines) out(line);
  return 0;
}

/**
 * The embedded database belongs to one process: while a server holds the data folder,
 * ask it through its control channel; otherwise open the database here.
 */
async function runMailCommand(request: MailRequest): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const { findLiveHolder, sendControlRequest } = await import('../platform/db/embedded-lock.js');
    const holder = await findLiveHolder(config.dataDir);
    if (holder) {
      let answer: unknown;
      try {
        answer = await sendControlRequest(config.dataDir, request);
      } catch (error) {
        throw new UsageError(
          `Der Datenordner ${config.dataDir} wird vom laufenden Server${holder.pid ? ` (PID ${holder.pid})` : ''} benutzt, ` +
            `und dieser beantwortet die Anfrage nicht (${(error as Error).message}). ` +
            'Beenden Sie den Server zuerst, oder sehen Sie den Postausgang in der Verwaltung an.',
        );
      }
      // undefined: the holder went away meanwhile, so the folder is free.
      if (answer !== undefined) return printAnswer(answer as MailAnswer, print);
    }
  }
  // Loaded here: run.ts imports the command list, which imports this file.
  const { withPlatform } = await import('./run.js');
  return withPlatform((p) => runMailRequest(p, request));
}

export const mailCommands: CliCommand[] = [
  {
    name: 'mail',
    sub: 'list',
    usage: 'mail list [--tenant T] [--limit N]',
    summary: 'Postausgang: die neuesten E-Mails (Standard 20)',
    async run(args) {
      const { values } = parseArgs({ args, options: { tenant: { type: 'string' }, limit: { type: 'string' } }, strict: true });
      const limit = values.limit === undefined ? 20 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        throw new UsageError('--limit muss eine ganze Zahl zwischen 1 und 10000 sein.');
      return runMailCommand({ type: 'mail.list', tenant: values.tenant, limit });
    },
  },
  {
    name: 'mail',
    sub: 'show',
    usage: 'mail show ID',
    summary: 'Eine E-Mail des Postausgangs mit Text anzeigen',
    async run(args) {
      const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
      if (positionals.length !== 1)
        throw new UsageError('Aufruf: rathaus mail show KENNUNG (die Kennungen zeigt: rathaus mail list)');
      return runMailCommand({ type: 'mail.show', id: positionals[0] });
    },
  },
];
