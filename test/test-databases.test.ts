import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dropDatabase } from './helpers/database.js';

const url = process.env.TEST_DATABASE_URL;

describe('test databases on PostgreSQL', () => {
  // A failed drop once left its client open; the test file's process then never ended and CI hit its limit.
  test(
    'a drop that fails closes its connection, so the test process can end',
    { skip: url ? false : 'nur mit TEST_DATABASE_URL' },
    async () => {
      const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
      const before = sockets();
      // A name that is not an identifier makes every attempt fail on the server.
      await assert.rejects(dropDatabase(url as string, 'nicht-erlaubt'), /syntax error/);
      assert.equal(sockets(), before);
    },
  );
});
