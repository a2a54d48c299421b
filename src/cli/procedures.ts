import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { answerProceduresRequest, type ProceduresAnswer, type ProceduresRequest } from '../modules/forms/admin/control.js';
import { loadConfig } from '../platform/config.js';
import type { CliCommand } from './commands.js';
import { print, printError, UsageError } from './output.js';

/**
 * The embedded database belongs to one process: while a server holds the data folder,
 * ask it through its control channel; otherwise open the database here.
 */
async function ask(request: ProceduresRequest): Promise<ProceduresAnswer> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const { findLiveHolder, sendControlRequest } = await import('../platform/db/embedded-lock.js');
    const holder = await findLiveHolder(config.dataDir);
    if (holder) {
      let answer: unknown;
      try {
        answer = await sendControlRequest(config.dataDir, request, { timeoutMs: 60_000 });
      } catch (error) {
        throw new UsageError(
          `Der Datenordner ${config.dataDir} wird vom laufenden Server${holder.pid ? ` (PID ${holder.pid})` : ''} benutzt, ` +
            `und dieser beantwortet die Anfrage nicht (${(error as Error).message}). Beenden Sie den Server zuerst.`,
        );
      }
      // null: a server of an older release that does not know the request; undefined: it went away.
      if (answer === null) throw new UsageError('Der laufende Server kennt diesen Befehl nicht. Beenden Sie ihn zuerst.');
      if (answer !== undefined) return answer as ProceduresAnswer;
    }
  }
  // Loaded here: run.ts imports the command list, which imports this file.
  const { withPlatform } = await import('./run.js');
  return withPlatform(async (p) => (await answerProceduresRequest(p, request)) as ProceduresAnswer);
}

const USAGE_EXPORT = 'procedures export --tenant T --procedure KENNUNG [DATEI]';
const USAGE_IMPORT = 'procedures import --tenant T [--publish] DATEI';

export const proceduresCommands: CliCommand[] = [
  {
    name: 'procedures',
    sub: 'export',
    usage: USAGE_EXPORT,
    summary: 'Verfahrensdefinition als JSON (ohne DATEI auf stdout)',
    async run(args) {
      const { values, positionals } = parseArgs({
        args,
        options: { tenant: { type: 'string' }, procedure: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      if (!values.tenant || !values.procedure || positionals.length > 1) throw new UsageError(`Aufruf: rathaus ${USAGE_EXPORT}`);
      const answer = await ask({ type: 'procedures.export', tenant: values.tenant, procedure: values.procedure });
      if ('usageError' in answer) throw new UsageError(answer.usageError);
      if (!('json' in answer)) throw new Error('Unerwartete Antwort.');
      const file = positionals[0];
      if (!file || file === '-') process.stdout.write(answer.json);
      else {
        await writeFile(file, answer.json, 'utf8');
        print(`${values.procedure}${answer.version ? ` (Version ${answer.version})` : ' (Entwurf)'} nach ${file} geschrieben.`);
      }
      return 0;
    },
  },
  {
    name: 'procedures',
    sub: 'import',
    usage: USAGE_IMPORT,
    summary: 'Verfahrensdefinition aus JSON als Entwurf einspielen (prüft erst alles)',
    async run(args) {
      const { values, positionals } = parseArgs({
        args,
        options: { tenant: { type: 'string' }, publish: { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      });
      if (!values.tenant || positionals.length !== 1) throw new UsageError(`Aufruf: rathaus ${USAGE_IMPORT}`);
      const file = positionals[0];
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new UsageError(`Die Datei ${file} lässt sich nicht lesen: ${(error as Error).message}`);
      }
      const answer = await ask({ type: 'procedures.import', tenant: values.tenant, text, publish: values.publish === true });
      if ('usageError' in answer) throw new UsageError(answer.usageError);
      if ('problems' in answer) {
        printError(
          `${file} enthält ${answer.problems.length === 1 ? 'einen Fehler' : `${answer.problems.length} Fehler`}; nichts wurde gespeichert.`,
        );
        for (const problem of answer.problems.slice(0, 200)) printError(`  ${problem}`);
        return 1;
      }
      if ('lines' in answer) for (const line of answer.lines) print(line);
      return 0;
    },
  },
];
