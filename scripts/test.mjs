// Runs every test file with Node's test runner through tsx (Node 20 has no --test globs).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['test', 'e2e'];
const files = [];
const walk = (path) => {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    for (const entry of readdirSync(path).sort()) walk(join(path, entry));
  } else if (path.endsWith('.test.ts') || path.endsWith('.test.tsx')) files.push(path);
};
for (const root of roots) walk(root);

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(result.status ?? 1);
