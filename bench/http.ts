import { benchEngineNames, createBenchEngine } from './engines.js';
import { type Measurement, markdownTable, measure, progress, startServer } from './measure.js';
import type { Suite } from './suite.js';

const routes = ['/health', '/musterkreis'];

/** Requests per second and latency of the health check and a tenant's start page, per engine. */
export const httpSuite: Suite = {
  name: 'http',
  description: 'GET /health und die Startseite /musterkreis auf jeder verfügbaren Datenbank',
  async run() {
    const rows: Measurement[] = [];
    for (const kind of benchEngineNames()) {
      const engine = await createBenchEngine(kind);
      try {
        progress(`${engine.name}: Server starten, Demo-Mandanten anlegen …`);
        const server = await startServer(engine.env);
        try {
          for (const route of routes) rows.push(await measure(engine.name, server.baseUrl, route));
        } finally {
          await server.stop();
        }
      } finally {
        await engine.cleanup();
      }
    }
    return markdownTable(rows);
  },
};
