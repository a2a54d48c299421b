import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { preparePlatform } from '../src/platform/platform.js';
import { createTenants, createTestApp, type TestApp } from './helpers/app.js';
import { engineUnderTest } from './helpers/database.js';

describe(`API rate limit per client IP (${engineUnderTest})`, () => {
  let t: TestApp;
  /** A second app instance on the same database: another process behind the load balancer. */
  let second: FastifyInstance;

  before(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_API_PER_MINUTE: '3' } });
    await createTenants(t.platform);
    const platform = await preparePlatform(t.config, { database: t.platform.database, work: false });
    second = await buildApp(platform);
    await second.ready();
  });
  after(async () => {
    await second.close();
    await t.close();
  });

  const get = (app: FastifyInstance, url: string, ip: string) => app.inject({ url, remoteAddress: ip });

  test('the request over the limit gets 429 with the API error shape, a German message and Retry-After', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await get(t.app, '/api/v1/tenants', '10.0.0.1')).statusCode, 200);
    const res = await get(t.app, '/api/v1/tenants', '10.0.0.1');
    assert.equal(res.statusCode, 429);
    assert.match(res.headers['content-type'] as string, /application\/json/);
    const body = res.json();
    assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message']);
    assert.equal(body.error.code, 'too_many_requests');
    assert.match(body.error.message, /^Zu viele Anfragen\. Bitte versuchen Sie es in \d+ Sekunden? erneut\.$/);
    const retryAfter = Number(res.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${res.headers['retry-after']}`);
  });

  test('the tenant API counts against the same limit, HTML pages and other clients do not', async () => {
    const tenantApi = await get(t.app, '/api/v1/musterkreis/irgendwas', '10.0.0.1');
    assert.equal(tenantApi.statusCode, 429);
    assert.equal(tenantApi.json().error.code, 'too_many_requests');
    assert.equal((await get(t.app, '/musterkreis', '10.0.0.1')).statusCode, 200);
    assert.equal((await get(t.app, '/api/v1/tenants', '10.0.0.2')).statusCode, 200);
  });

  test('two app instances on one database share the count', async () => {
    const ip = '10.0.0.3';
    assert.equal((await get(t.app, '/api/v1/tenants', ip)).statusCode, 200);
    assert.equal((await get(t.app, '/api/v1/tenants', ip)).statusCode, 200);
    assert.equal((await get(second, '/api/v1/tenants', ip)).statusCode, 200);
    assert.equal((await get(second, '/api/v1/tenants', ip)).statusCode, 429);
    assert.equal((await get(t.app, '/api/v1/tenants', ip)).statusCode, 429);
  });
});
