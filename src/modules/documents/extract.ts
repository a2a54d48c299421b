/**
 * Text of stored files for the full-text search: PDFs through unpdf (PDF.js; 1.7.x,
 * because unpdf 1.8 requires Node 22), text files as they are, anything else (images,
 * office files) none.
 */
import { detectFileType } from '../../platform/files.js';

/** Stored text is cut here; PostgreSQL text cannot hold NUL, so it is dropped. */
const MAX_TEXT_CHARS = 2_000_000;

export const cleanText = (text: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL cannot be stored in PostgreSQL text
  text.replace(/\u0000/g, '').slice(0, MAX_TEXT_CHARS);

/** The text of a PDF, pages separated by newlines. Rejects for a broken or encrypted PDF. */
export async function extractPdfText(bytes: Buffer): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  // A copy: PDF.js may transfer (detach) the buffer it is given.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  try {
    const { text } = await extractText(pdf, { mergePages: true });
    return cleanText(text);
  } finally {
    await pdf.destroy();
  }
}

const TEXT_TYPES = /^text\/(plain|csv|markdown|x-markdown)\b/i;
const TEXT_NAMES = /\.(txt|csv|md)$/i;

/** The searchable text of a file; '' when it has none we can read (never throws). */
export async function extractText(bytes: Buffer, contentType: string, filename: string): Promise<string> {
  const type = detectFileType(bytes.subarray(0, 16));
  if (type === 'pdf') {
    try {
      return await extractPdfText(bytes);
    } catch {
      // An unreadable PDF is still stored and downloadable; it is only not searchable.
      return '';
    }
  }
  if (type === 'unknown' && (TEXT_TYPES.test(contentType) || TEXT_NAMES.test(filename))) {
    return cleanText(bytes.toString('utf8'));
  }
  return '';
}
