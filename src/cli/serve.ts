import { modules, buildApp } from '../app.js';
import { seedDemo } from '../demo/seed.js';
import type { Config } from '../platform/config.js';
import { preparePlatform, stopPlatform } from '../platform/platform.js';
import { answerMailRequest } from '../modules/outbox/control.js';
import { answerProceduresRequest } from '../modules/forms/admin/control.js';
import { print } from './output.js';

/** `rathaus serve`: migrate, seed the demo on an empty database, start workers, listen. */
export async function serve(config: Config): Promise<number> {
  const platform = await preparePlatform(config);
  const app = await buildApp(platform);
  platform.jobs.onError = (error) => app.log.error({ err: error }, 'job queue error');
  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      app.log.info({ signal }, 'shutting down');
      await app.close();
      await stopPlatform(platform);
    })();
    return stopping;
  };
  try {
    const logins = config.seedDemo ? await seedDemo(platform, modules.flatMap((m) => (m.seedDemo ? [m.seedDemo] : []))) : [];
    await platform.jobs.start();
    // CLI commands that must work beside the running embedded server ask it through the socket.
    platform.database.controlChannel?.onRequest(async (req) => (await answerMailRequest(platform, req)) ?? answerProceduresRequest(platform, req));
    await app.listen({ port: config.port, host: config.host });
    print(`Rathaus läuft auf ${config.publicUrl} (Datenbank: ${platform.database.engine === 'pglite' ? `eingebettet in ${config.dataDir}` : 'PostgreSQL'})`);
    if (logins.length > 0) {
      print('\nDemo-Zugänge (nur beim ersten Start angezeigt; siehe README):');
      for (const l of logins) print(`  ${l.tenant.padEnd(14)} ${l.role.padEnd(10)} ${l.email.padEnd(36)} ${l.password}`);
    }
  } catch (error) {
    await stop('startup-failure');
    throw error;
  }
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal).then(resolve));
  });
  return 0;
}
