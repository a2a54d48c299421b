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

// A hang (a lock wait, a handle that keeps a file's process alive) must fail with the
// file's name instead of running until CI's own limit: every file gets 5 minutes.
const timeout = process.env.TEST_FILE_TIMEOUT_MS ?? '300000';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${timeout}`, ...files],
  {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'test' },
  },
);
process.exit(result.status ?? 1);
