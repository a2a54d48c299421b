import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/platform/config.js';

describe('configuration from the environment', () => {
  test('defaults give the embedded engine on port 3000 with demo data', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.publicUrl, 'http://localhost:3000');
    assert.equal(c.seedDemo, true);
    assert.match(c.dataDir, /\/data$/);
  });

  test('DATABASE_URL switches to PostgreSQL and turns demo seeding off by default', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/rathaus' });
    assert.equal(c.databaseUrl, 'postgres://u:p@db:5432/rathaus');
    assert.equal(c.seedDemo, false);
  });

  test('a malformed DATABASE_URL names the variable and the expected form', () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'mysql://localhost/x' }),
      (error: unknown) => error instanceof ConfigError && /DATABASE_URL: muss eine Adresse der Form postgres:\/\//.test(error.message),
    );
  });

  test('every bad value is reported at once, in German', () => {
    try {
      loadConfig({ PORT: 'achtzig', SMTP_URL: 'mail.example.org', SESSION_SECRET: 'kurz', TRUST_PROXY: 'vielleicht' });
      assert.fail('expected ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(
        error.problems.map((p) => p.split(':')[0]),
        ['PORT', 'SMTP_URL', 'SESSION_SECRET', 'TRUST_PROXY'],
      );
      assert.match(error.message, /PORT: muss eine ganze Zahl sein/);
      assert.match(error.message, /SESSION_SECRET: muss mindestens 32 Zeichen lang sein/);
    }
  });

  test('empty values count as unset and PUBLIC_URL loses its trailing slash', () => {
    const c = loadConfig({ PORT: '', PUBLIC_URL: 'https://rathaus.example.org/' });
    assert.equal(c.port, 3000);
    assert.equal(c.publicUrl, 'https://rathaus.example.org');
  });
});
