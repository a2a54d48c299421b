/**
 * The app as `npm start` runs it (job workers included), in a child process of the
 * benchmark so the load generator does not share its event loop. Configured by the
 * environment (BENCH_NO_WORKERS=1: no job workers, to see the request path alone); prints `LISTENING <port>` once it accepts requests, stops on SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { buildApp, modules } from '../src/app.js';
import { seedDemo } from '../src/demo/seed.js';
import { loadConfig } from '../src/platform/config.js';
import { preparePlatform, stopPlatform } from '../src/platform/platform.js';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' });
const platform = await preparePlatform(config);
const app = await buildApp(platform);
await seedDemo(
  platform,
  modules.flatMap((m) => (m.seedDemo ? [m.seedDemo] : [])),
);
if (!process.env.BENCH_NO_WORKERS) await platform.jobs.start();
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`LISTENING ${(app.server.address() as AddressInfo).port}\n`);

process.once('SIGTERM', async () => {
  await app.close();
  await stopPlatform(platform);
  process.exit(0);
});
