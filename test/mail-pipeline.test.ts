import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { buildRawMessage, envelopeAddress } from '../src/platform/mail/raw-message.js';
import { PipelinedSmtpPool, pipelineOptions } from '../src/platform/mail/smtp-pipeline.js';
import { createMailTransport, describeMailError } from '../src/platform/mail/transport.js';
import { eventually } from './mail-helpers.js';

interface Received {
  to: string[];
  subject: string;
  text: string;
  secure: boolean;
  user: unknown;
}

/** An SMTP server with the given options that records what it accepted and how. */
async function startServer(options: SMTPServerOptions) {
  const received: Received[] = [];
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            secure: session.secure,
            user: session.user,
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const FROM = 'Landratsamt Musterkreis <noreply@musterkreis.example>';
const mail = (i: number) => ({
  to: `abo${i}@example.org`,
  raw: buildRawMessage({
    from: FROM,
    to: `abo${i}@example.org`,
    subject: `Warnung ${i}`,
    text: `.Zeile mit Punkt\n.\nText ${i}`,
  }),
});

/** The pipelining pool itself (the transport would fall back to nodemailer and hide its faults). */
const poolFor = (smtpUrl: string, maxConnections = 3) =>
  new PipelinedSmtpPool(pipelineOptions(smtpUrl), envelopeAddress(FROM), { maxConnections, maxMessages: 1000, ratePerSecond: 0 });

async function sendAll(smtpUrl: string, count: number, poolSize = 3) {
  const pool = poolFor(smtpUrl, poolSize);
  try {
    return await Promise.all(
      Array.from({ length: count }, (_, i) => mail(i)).map(({ to, raw }) =>
        pool.send(to, raw).then(
          () => 'ok',
          (error: unknown) => describeMailError(error, smtpUrl),
        ),
      ),
    );
  } finally {
    pool.close();
  }
}

const login =
  (user: string, pass: string): SMTPServerOptions['onAuth'] =>
  (auth, _session, callback) =>
    auth.username === user && auth.password === pass
      ? callback(null, { user: auth.username })
      : callback(new Error('Anmeldung abgelehnt'));

describe('mass mail: the pipelining SMTP client', () => {
  test('STARTTLS and AUTH PLAIN: every mail arrives once, encrypted and logged in, dots intact', async () => {
    const server = await startServer({ authMethods: ['PLAIN'], onAuth: login('amt', 'geh eim') });
    try {
      const results = await sendAll(`smtp://amt:geh%20eim@127.0.0.1:${server.port}?tls.rejectUnauthorized=false`, 25);
      assert.deepEqual(new Set(results), new Set(['ok']));
      assert.equal(server.received.length, 25);
      assert.equal(new Set(server.received.map((m) => m.to[0])).size, 25);
      assert.ok(server.received.every((m) => m.secure && m.user === 'amt'));
      assert.equal(server.received.find((m) => m.subject === 'Warnung 7')?.text.trim(), '.Zeile mit Punkt\n.\nText 7');
    } finally {
      await server.close();
    }
  });

  test('AUTH LOGIN over implicit TLS (smtps) and a server without PIPELINING', async () => {
    const server = await startServer({ secure: true, hidePIPELINING: true, authMethods: ['LOGIN'], onAuth: login('amt', 'x') });
    try {
      const results = await sendAll(`smtps://amt:x@127.0.0.1:${server.port}?tls.rejectUnauthorized=false`, 10);
      assert.deepEqual(new Set(results), new Set(['ok']));
      assert.equal(server.received.length, 10);
      assert.ok(server.received.every((m) => m.secure && m.user === 'amt'));
    } finally {
      await server.close();
    }
  });

  test('a refused login fails every mail with the server answer, never the password', async () => {
    const server = await startServer({ authMethods: ['PLAIN'], onAuth: login('amt', 'richtig') });
    try {
      const results = await sendAll(`smtp://amt:Falsch-Geheim@127.0.0.1:${server.port}?tls.rejectUnauthorized=false`, 4);
      assert.equal(results.filter((r) => r === 'ok').length, 0);
      assert.ok(
        results.every((r) => /Anmeldung/.test(r) && !r.includes('Falsch-Geheim')),
        results.join(' | '),
      );
      assert.equal(server.received.length, 0);
    } finally {
      await server.close();
    }
  });

  test('a refused recipient fails that mail only; the others go through on the same connections', async () => {
    const server = await startServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      onRcptTo(address, _session, callback) {
        if (address.address === 'abo3@example.org') {
          const error = new Error('Postfach unbekannt') as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
    });
    try {
      const results = await sendAll(`smtp://127.0.0.1:${server.port}`, 8, 2);
      assert.match(results[3], /550/);
      assert.equal(results.filter((r) => r === 'ok').length, 7);
      assert.deepEqual(
        server.received.map((m) => m.to[0]).sort(),
        [0, 1, 2, 4, 5, 6, 7].map((i) => `abo${i}@example.org`),
      );
    } finally {
      await server.close();
    }
  });

  test('connections the server closed while idle are replaced: later mails still arrive', async () => {
    const server = await startServer({ disabledCommands: ['STARTTLS', 'AUTH'], socketTimeout: 300 });
    const pool = poolFor(`smtp://127.0.0.1:${server.port}`, 2);
    const send = (to: string, raw: Buffer) => pool.send(to, raw);
    try {
      await Promise.all([0, 1].map((i) => send(mail(i).to, mail(i).raw)));
      // Both connections time out on the server's side.
      await new Promise((resolve) => setTimeout(resolve, 800));
      await Promise.all([2, 3, 4].map((i) => send(mail(i).to, mail(i).raw)));
      await eventually(() => server.received.length === 5);
      assert.equal(new Set(server.received.map((m) => m.to[0])).size, 5);
    } finally {
      pool.close();
      await server.close();
    }
  });

  test('a server the client cannot log in to (CRAM-MD5 only): the transport sends through nodemailer', async () => {
    const server = await startServer({
      authMethods: ['CRAM-MD5'],
      onAuth: (auth, _session, callback) =>
        auth.validatePassword?.('x') ? callback(null, { user: auth.username }) : callback(new Error('Anmeldung abgelehnt')),
    });
    const smtpUrl = `smtp://amt:x@127.0.0.1:${server.port}?tls.rejectUnauthorized=false`;
    const transport = createMailTransport({ smtpUrl, mailFrom: FROM, smtpPoolSize: 2 });
    try {
      await assert.rejects(poolFor(smtpUrl).send(mail(0).to, mail(0).raw), /AUTH CRAM-MD5/);
      for (const i of [1, 2, 3]) await transport.deliverRaw?.(mail(i).to, mail(i).raw);
      assert.deepEqual(
        server.received.map((m) => m.to[0]).sort(),
        [1, 2, 3].map((i) => `abo${i}@example.org`),
      );
      assert.ok(server.received.every((m) => m.user === 'amt'));
    } finally {
      transport.close();
      await server.close();
    }
  });

  test('no server listening: every mail fails with the connection error', async () => {
    const server = await startServer({});
    const port = server.port;
    await server.close();
    const results = await sendAll(`smtp://127.0.0.1:${port}`, 6);
    assert.ok(
      results.every((r) => /ECONNREFUSED/.test(r)),
      results.join(' | '),
    );
  });
});
