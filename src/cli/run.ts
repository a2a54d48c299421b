import { parseArgs } from 'node:util';
import { modules } from '../app.js';
import { seedDemo } from '../demo/seed.js';
import { ConfigError, loadConfig } from '../platform/config.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { type Platform, preparePlatform, stopPlatform } from '../platform/platform.js';
import { commands } from './commands.js';
import { print, printError, UsageError } from './output.js';
import { serve } from './serve.js';

export const HELP = `Rathaus – digitale Verwaltung für Landkreise und Gemeinden

Aufruf: rathaus <Befehl> [Optionen]

Befehle:
  serve                                   Server starten (Standard für npm start)
  migrate                                 Datenbankschema aktualisieren
  seed --demo                             Demo-Mandanten anlegen (falls noch nicht vorhanden)
  tenant list                             Mandanten auflisten
  tenant create --slug S --name N --type landkreis|gemeinde
${commands.map((c) => `  ${c.usage.padEnd(40)}${c.summary}`).join('\n')}

Konfiguration über Umgebungsvariablen (siehe README), z. B. DATABASE_URL, DATA_DIR, PORT.
Mit der eingebetteten Datenbank können Befehle nicht neben einem laufenden Server
auf denselben Datenordner zugreifen: beenden Sie den Server vorher.`;

/** Opens the platform for a one-off command (no job workers) and closes it afterwards. */
export async function withPlatform<T>(fn: (platform: Platform) => Promise<T>): Promise<T> {
  const platform = await preparePlatform(loadConfig(), { work: false });
  try {
    for (const module of modules) await module.setup?.(platform);
    return await fn(platform);
  } finally {
    await stopPlatform(platform);
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      print(HELP);
      return command ? 0 : 2;
    }
    if (command === 'serve') return await serve(loadConfig());
    if (command === 'migrate') {
      return await withPlatform(async (p) => {
        // preparePlatform already migrated; a second pass reports that nothing is left.
        const applied = await migrateToLatest(p.db);
        print(applied.length ? `Angewendet: ${applied.join(', ')}` : 'Datenbankschema ist aktuell.');
        return 0;
      });
    }
    if (command === 'seed') {
      const { values } = parseArgs({ args: argv.slice(1), options: { demo: { type: 'boolean' } }, strict: true });
      if (!values.demo) throw new UsageError('Aufruf: rathaus seed --demo');
      return await withPlatform(async (p) => {
        const logins = await seedDemo(p, modules.flatMap((m) => (m.seedDemo ? [m.seedDemo] : [])));
        print(logins.length ? 'Demo-Mandanten angelegt.' : 'Demo-Mandanten sind bereits vorhanden.');
        for (const l of logins) print(`  ${l.tenant} ${l.role} ${l.email} ${l.password}`);
        return 0;
      });
    }
    const match = commands.find((c) => c.name === command && (c.sub === undefined || c.sub === sub));
    if (!match) {
      const known = commands.some((c) => c.name === command);
      throw new UsageError(
        known ? `Unbekannter Unterbefehl „${sub ?? ''}“ für „${command}“. Siehe rathaus --help.` : `Unbekannter Befehl „${command}“. Siehe rathaus --help.`,
      );
    }
    const rest = argv.slice(match.sub === undefined ? 1 : 2);
    return await match.run(rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      printError(error.message);
      return 2;
    }
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      printError(`Ungültige Argumente: ${(error as Error).message}. Siehe rathaus --help.`);
      return 2;
    }
    if ((error as Error).name === 'DataDirInUseError') {
      printError((error as Error).message);
      return 1;
    }
    printError(`Fehler: ${(error as Error).message}`);
    return 1;
  }
}
