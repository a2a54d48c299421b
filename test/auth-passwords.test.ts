import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { hashPassword, isCommonPassword, NO_PASSWORD, passwordProblem, verifyPassword } from '../src/platform/auth/passwords.js';
import { base32Decode, base32Encode, hotp, otpauthUri, totpCode, verifyTotp } from '../src/platform/auth/totp.js';

describe('password hashing and policy', () => {
  test('a hash names its algorithm and parameters, uses a fresh salt, and verifies only the right password', async () => {
    const first = await hashPassword('Kaffeetasse-Sonnenuhr-42');
    const second = await hashPassword('Kaffeetasse-Sonnenuhr-42');
    assert.match(first, /^scrypt\$N=\d+,r=\d+,p=\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    assert.notEqual(first, second);
    assert.equal(await verifyPassword('Kaffeetasse-Sonnenuhr-42', first), true);
    assert.equal(await verifyPassword('kaffeetasse-sonnenuhr-42', first), false);
    assert.equal(await verifyPassword('', first), false);
  });

  test('a hash with other parameters still verifies (the format describes itself)', async () => {
    const hash = await hashPassword('Kaffeetasse-Sonnenuhr-42');
    const [, , salt] = hash.split('$');
    const { scryptSync } = await import('node:crypto');
    const cheaper = `scrypt$N=1024,r=8,p=1$${salt}$${scryptSync('Mondlicht-über-Wolken', Buffer.from(salt, 'base64url'), 32, { N: 1024, r: 8, p: 1 }).toString('base64url')}`;
    assert.equal(await verifyPassword('Mondlicht-über-Wolken', cheaper), true);
  });

  test('placeholder and malformed hashes never verify', async () => {
    assert.equal(await verifyPassword('!kein-passwort', NO_PASSWORD), false);
    assert.equal(await verifyPassword('irgendwas', 'md5$abc'), false);
  });

  test('passwords shorter than 10 characters are rejected with a German message', () => {
    assert.equal(passwordProblem('Kurz-123'), 'Das Passwort muss mindestens 10 Zeichen lang sein.');
    assert.equal(passwordProblem(''), 'Bitte geben Sie ein Passwort ein.');
    assert.equal(passwordProblem('Kaffeetasse-Sonnenuhr-42'), undefined);
  });

  test('common passwords are rejected regardless of case', () => {
    for (const p of ['passwort123', 'PASSWORT123', 'Passwort123', 'qwertzuiop', '1234567890', 'Ichliebedich', 'Sommer2024!']) {
      assert.match(passwordProblem(p) ?? '', /sehr verbreitet/, p);
    }
  });

  test('the common-password list has hundreds of entries, all at least 10 characters', () => {
    const lines = readFileSync(new URL('../src/platform/auth/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    assert.ok(lines.length >= 300, `only ${lines.length} entries`);
    for (const l of lines) assert.ok([...l].length >= 10, l);
    assert.ok(lines.every(isCommonPassword));
  });

  test('the password may not be the e-mail address or the name', () => {
    assert.match(passwordProblem('erika@example.org', { email: 'Erika@example.org' }) ?? '', /E-Mail-Adresse/);
    assert.match(passwordProblem('Erika Mustermann', { name: 'erika mustermann' }) ?? '', /Name/);
  });

  test('the demo password passes the policy', async () => {
    const { DEMO_PASSWORD } = await import('../src/modules/accounts/demo.js');
    assert.equal(passwordProblem(DEMO_PASSWORD), undefined);
  });
});

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B: SHA-1 secret "12345678901234567890"; its 8-digit codes end in these 6 digits.
  const secret = base32Encode(Buffer.from('12345678901234567890'));

  test('base32 round-trips', () => {
    assert.equal(secret, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.equal(base32Decode(secret).toString(), '12345678901234567890');
  });

  test('codes match the RFC test vectors', () => {
    assert.equal(totpCode(secret, 59_000), '287082');
    assert.equal(totpCode(secret, 1_111_111_109_000), '081804');
    assert.equal(totpCode(secret, 1_234_567_890_000), '005924');
    assert.equal(totpCode(secret, 2_000_000_000_000), '279037');
    assert.equal(hotp(secret, 1), '287082');
  });

  test('a code is accepted one step early or late, not two', () => {
    const now = 1_234_567_890_000;
    const step = Math.floor(now / 30_000);
    assert.equal(verifyTotp(secret, hotp(secret, step), now), step);
    assert.equal(verifyTotp(secret, hotp(secret, step - 1), now), step - 1);
    assert.equal(verifyTotp(secret, hotp(secret, step + 1), now), step + 1);
    assert.equal(verifyTotp(secret, hotp(secret, step - 2), now), undefined);
    assert.equal(verifyTotp(secret, hotp(secret, step + 2), now), undefined);
    assert.equal(verifyTotp(secret, 'abcdef', now), undefined);
  });

  test('a step at or before the last used one is refused (no replay)', () => {
    const now = 1_234_567_890_000;
    const step = Math.floor(now / 30_000);
    assert.equal(verifyTotp(secret, hotp(secret, step), now, step), undefined);
  });

  test('the otpauth URI carries secret and issuer', () => {
    const uri = otpauthUri(secret, 'Rathaus Musterkreis', 'admin@musterkreis.example');
    assert.match(
      uri,
      /^otpauth:\/\/totp\/Rathaus%20Musterkreis%3Aadmin%40musterkreis\.example\?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Rathaus\+Musterkreis/,
    );
  });
});
