import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { buildRawMessage, encodeAddress, envelopeAddress } from '../src/platform/mail/raw-message.js';
import { createMailTransport } from '../src/platform/mail/transport.js';
import { deliverMailsNow } from '../src/platform/mail.js';
import type { Platform } from '../src/platform/platform.js';
import { headerOf } from './channel-helpers.js';
import { startTestSmtp } from './mail-helpers.js';

describe('mass mail: raw MIME messages and the pooled SMTP transport', () => {
  test('a raw message parses back to the same headers, text and HTML (umlauts, long subject)', async () => {
    const subject = `Warnung (Schwer): Großbrand am Bahndamm – Fenster geschlossen halten, Türen zu, Lüftung aus ${'ä'.repeat(40)}`;
    const text = `Grüße aus Musterstadt.\n\nZeile mit Punkt:\n.\nEnde ${'ß'.repeat(200)}`;
    const html = '<p>Grüße &amp; <a href="https://example.org/abmelden?token=a.b">Abmelden</a></p>';
    const raw = buildRawMessage({
      from: 'Landratsamt Müsterkreis <noreply@musterkreis.example>',
      to: 'abo1@example.org',
      subject,
      text,
      html,
      headers: {
        'List-Unsubscribe': '<https://example.org/abmelden?token=a.b>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    assert.ok(
      raw
        .toString('latin1')
        .split('\r\n')
        .every((line) => line.length <= 998 && /^[\x20-\x7e]*$/.test(line)),
      '7-bit lines',
    );
    const mail = await simpleParser(raw);
    assert.equal(mail.subject, subject);
    assert.equal(mail.text?.trim(), text);
    assert.equal(mail.html, html);
    assert.deepEqual(mail.from?.value, [{ name: 'Landratsamt Müsterkreis', address: 'noreply@musterkreis.example' }]);
    assert.equal(headerOf(mail, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    assert.match(String(headerOf(mail, 'Message-ID')), /^<[0-9a-f-]+@musterkreis\.example>$/);
  });

  // Review finding: a long ASCII subject went out unfolded past the 998-octet line limit, and a
  // recipient's display name with umlauts went out as raw 8-bit.
  test('a 2,000-character ASCII subject and an umlaut recipient name stay 7-bit and within the line limit', async () => {
    const subject = `Ausschreibung ${'Los '.repeat(500)}`.trim();
    const raw = buildRawMessage({
      from: 'Landratsamt <noreply@musterkreis.example>',
      to: 'Jürgen Müller <juergen@example.org>',
      subject,
      text: 'Text',
    });
    const lines = raw.toString('latin1').split('\r\n');
    assert.ok(lines.every((line) => line.length <= 998 && /^[\x20-\x7e]*$/.test(line)), '7-bit lines of at most 998 octets');
    const mail = await simpleParser(raw);
    assert.equal(mail.subject, subject);
    assert.deepEqual(mail.to && 'value' in mail.to ? mail.to.value : [], [{ name: 'Jürgen Müller', address: 'juergen@example.org' }]);
  });

  test('addresses: plain, quoted, encoded; the envelope takes the bare address', () => {
    assert.equal(encodeAddress('Rathaus <noreply@localhost>'), 'Rathaus <noreply@localhost>');
    assert.equal(encodeAddress('Amt, Bürgerbüro <a@b.example>').startsWith('=?UTF-8?B?'), true);
    assert.equal(encodeAddress('"Amt, Post" <a@b.example>'), '"Amt, Post" <a@b.example>');
    assert.equal(encodeAddress('a@b.example'), 'a@b.example');
    assert.equal(envelopeAddress('Landratsamt <noreply@musterkreis.example>'), 'noreply@musterkreis.example');
    assert.equal(envelopeAddress('noreply@musterkreis.example'), 'noreply@musterkreis.example');
    assert.throws(() => buildRawMessage({ from: 'a@b.example', to: 'x@y.example\r\nBcc: z@z.example', subject: 's', text: 't' }));
  });

  test('deliverMailsNow sends over the pool: every mail arrives once, a refused one is reported', async () => {
    const smtp = await startTestSmtp();
    const config = { smtpUrl: smtp.url, mailFrom: 'Landratsamt Musterkreis <noreply@musterkreis.example>', smtpPoolSize: 2 };
    const transport = createMailTransport(config);
    const platform = { config, mail: { transport } } as unknown as Platform;
    try {
      const mails = Array.from({ length: 12 }, (_, i) => ({
        tenantId: 't',
        to: `empfaenger${i}@example.org`,
        subject: `Nachricht ${i}`,
        text: `Text ${i}`,
        html: `<p>Text ${i}</p>`,
        headers: { 'List-Unsubscribe': `<https://example.org/abmelden/${i}>` },
      }));
      smtp.refuseNext(1);
      const results = await deliverMailsNow(platform, mails, 5);
      assert.equal(results.filter((r) => !r.ok).length, 1);
      assert.equal(smtp.received.length, 11);
      const got = smtp.received.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0].address).sort();
      assert.equal(new Set(got).size, 11);
      const first = smtp.received.find((m) => m.subject === 'Nachricht 3');
      assert.equal(first?.text?.trim(), 'Text 3');
      assert.equal(first && headerOf(first, 'Auto-Submitted'), 'auto-generated');
      assert.match(String(first && headerOf(first, 'List-Unsubscribe')), /abmelden\/3/);
    } finally {
      transport.close();
      await smtp.close();
    }
  });
});
