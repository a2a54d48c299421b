import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Browser } from './accounts-helpers.js';

/** The id of the service from the redirect after creating it. */
export function serviceIdFrom(location: unknown): string {
  const match = /\/verwaltung\/leistungen\/([0-9a-f-]{36})\?/.exec(String(location));
  assert.ok(match, `no service id in ${String(location)}`);
  return match[1];
}

/** A multipart/form-data body as a browser sends it: fields first, then the file. */
export function multipartBody(
  fields: Record<string, string>,
  file?: { field?: string; filename: string; contentType: string; bytes: Buffer },
) {
  const boundary = `----rathaus${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs a multipart form with the browser's cookies (as a file upload from the page would). */
export async function postMultipart(
  browser: Browser,
  url: string,
  fields: Record<string, string>,
  file?: { field?: string; filename: string; contentType: string; bytes: Buffer },
) {
  const { payload, contentType } = multipartBody(fields, file);
  const cookie = browser.cookieHeader(url);
  return browser.app.inject({
    method: 'POST',
    url,
    remoteAddress: browser.ip,
    headers: { 'content-type': contentType, ...(cookie ? { cookie } : {}) },
    payload,
  });
}

/** A small but well-formed PDF. */
export function samplePdf(text = 'Merkblatt'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

/** The first bytes of a PNG image, enough for the content check. */
export const samplePng = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]);
