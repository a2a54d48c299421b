/**
 * `npm run bench -- <suite> [<suite> …]`: runs named benchmark suites and prints
 * their figures as Markdown (progress goes to stderr). Benchmarks are not tests:
 * nothing here asserts a time. Add a suite by adding a line to `suites`.
 *
 * Settings: BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (10);
 * fanout: `--subscribers N` (100,000);
 * BENCH_DATABASE_URL or TEST_DATABASE_URL adds PostgreSQL (a fresh database is
 * created and dropped on that server).
 */
import { cpus } from 'node:os';
import type { Suite } from './suite.js';

const suites: Record<string, () => Promise<Suite>> = {
  http: async () => (await import('./http.js')).httpSuite,
  catalog: async () => (await import('./catalog.js')).catalogSuite,
  cases: async () => (await import('./cases.js')).casesSuite,
  booking: async () => (await import('./booking.js')).bookingSuite,
  fanout: async () => (await import('./fanout.js')).fanoutSuite,
  submit: async () => (await import('./submit.js')).submitSuite,
};

// `--name value` pairs are options for the suites (e.g. `fanout --subscribers 10000`).
const names = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !all[i - 1]?.startsWith('--'));
if (names.length === 0 || names.some((n) => !(n in suites))) {
  const unknown = names.filter((n) => !(n in suites));
  if (unknown.length) process.stderr.write(`Unbekannte Benchmark-Suite: ${unknown.join(', ')}\n`);
  process.stderr.write(`Aufruf: npm run bench -- <suite> …\nSuites: ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}

process.stdout.write(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}\n`);
for (const name of names) {
  const suite = await suites[name]();
  process.stderr.write(`== ${suite.name}: ${suite.description}\n`);
  process.stdout.write(`\n### ${suite.name}\n\n${await suite.run()}\n`);
}
