/**
 * Letters as PDF (Bescheid, the submitted application): the tenant's letterhead,
 * title, Aktenzeichen, date, then Markdown-ish text. Only the standard Helvetica fonts
 * that ship with pdfkit are used, so nothing is downloaded or embedded; they cover
 * WinAnsi (German umlauts, ß, €, „…“), and any other character becomes "?".
 */
import PDFDocument from 'pdfkit';

export interface Letterhead {
  name: string;
  street?: string;
  postalCode?: string;
  city?: string;
  phone?: string;
  email?: string;
}

export interface LetterInput {
  letterhead: Letterhead;
  title: string;
  reference?: string;
  date: Date;
  /** Address block of the recipient, one line each. */
  recipient?: string[];
  /** Paragraphs separated by blank lines; `# ` and `## ` headings, `- ` list items, `**bold**` markers are dropped. */
  body: string;
  /** PDF metadata (document properties). */
  author?: string;
}

/** Unicode characters of WinAnsi's 0x80–0x9F range (the rest is Latin-1). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can show: NFC, tabs as spaces, unknown characters as "?". */
export function pdfSafeText(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').replace(/\t/g, '    ')) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (ch === '\u2011' || ch === '\u2010') out += '-';
    else if (code === 0x202f || code === 0x2009) out += ' ';
    else if (code >= 0x20) out += '?';
  }
  return out;
}

export const germanDate = (date: Date) =>
  date.toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });

type Block = { kind: 'h1' | 'h2' | 'p' | 'li'; text: string };

/** Splits Markdown-ish text into headings, list items and paragraphs (lines of a paragraph keep their breaks). */
export function markdownBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'p', text: paragraph.join('\n') });
    paragraph = [];
  };
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\*\*(.+?)\*\*/g, '$1').replace(/\s+$/, '');
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (line.trim() === '') flush();
    else if (heading) {
      flush();
      blocks.push({ kind: heading[1].length === 1 ? 'h1' : 'h2', text: heading[2] });
    } else if (item) {
      flush();
      blocks.push({ kind: 'li', text: item[1] });
    } else paragraph.push(line);
  }
  flush();
  return blocks;
}

const MARGIN = { top: 56, bottom: 64, left: 70, right: 56 };

type StandardFontName = 'Helvetica' | 'Helvetica-Bold';
interface FontInternals {
  _fontFamilies?: Record<string, unknown>;
  _fontCount?: number;
  _font?: { name?: string; font?: unknown } & Record<string, unknown>;
}
const parsedFonts = new Map<StandardFontName, { prototype: object; fields: Record<string, unknown> }>();

/**
 * doc.font(name) for a standard font, parsing its metrics once per process: pdfkit reads
 * and parses the AFM file for every document, two thirds of the time a one-page letter
 * takes. Each document still gets its own font object (its own id and PDF object); only
 * the parsed, unchanging metrics are shared. Relies on pdfkit 0.17 internals and falls
 * back to plain doc.font where they are missing.
 */
function useFont(doc: PDFKit.PDFDocument, name: StandardFontName): PDFKit.PDFDocument {
  const internals = doc as unknown as FontInternals;
  const parsed = parsedFonts.get(name);
  if (parsed && internals._fontFamilies && !internals._fontFamilies[name] && typeof internals._fontCount === 'number') {
    internals._fontCount += 1;
    internals._fontFamilies[name] = Object.assign(Object.create(parsed.prototype), parsed.fields, {
      document: doc,
      id: `F${internals._fontCount}`,
    });
  }
  doc.font(name);
  const font = internals._font;
  if (!parsed && font?.name === name && font.font) {
    const { ascender, descender, bbox, lineGap, xHeight, capHeight } = font;
    parsedFonts.set(name, {
      prototype: Object.getPrototypeOf(font) as object,
      fields: { name, font: font.font, ascender, descender, bbox, lineGap, xHeight, capHeight },
    });
  }
  return doc;
}

/** Renders a letter; resolves with the PDF's bytes. */
export function renderLetterPdf(input: LetterInput): Promise<Buffer> {
  const doc = new PDFDocument({
    // No default font: useFont sets each one without parsing it again.
    font: null as unknown as string,
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    info: { Title: pdfSafeText(input.title), Author: pdfSafeText(input.author ?? input.letterhead.name), Creator: 'Rathaus' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const t = pdfSafeText;
  const { letterhead: lh } = input;

  // Letterhead
  useFont(doc, 'Helvetica-Bold').fontSize(16).fillColor('#000000').text(t(lh.name), { width });
  const address = [lh.street, [lh.postalCode, lh.city].filter(Boolean).join(' ')].filter(Boolean).join(' · ');
  const contact = [lh.phone ? `Telefon ${lh.phone}` : '', lh.email ?? ''].filter(Boolean).join(' · ');
  useFont(doc, 'Helvetica').fontSize(9).fillColor('#333333');
  if (address) doc.text(t(address), { width });
  if (contact) doc.text(t(contact), { width });
  doc.moveDown(0.5);
  const ruleY = doc.y;
  doc
    .moveTo(MARGIN.left, ruleY)
    .lineTo(MARGIN.left + width, ruleY)
    .lineWidth(0.5)
    .strokeColor('#666666')
    .stroke();
  doc.moveDown(1.5);

  // Recipient on the left, reference and date on the right
  const top = doc.y;
  doc.fillColor('#000000').font('Helvetica').fontSize(10);
  if (input.recipient && input.recipient.length > 0)
    doc.text(t(input.recipient.join('\n')), MARGIN.left, top, { width: width * 0.55 });
  const leftBottom = doc.y;
  const right = [input.reference ? `Aktenzeichen: ${input.reference}` : '', `Datum: ${germanDate(input.date)}`]
    .filter(Boolean)
    .join('\n');
  doc.text(t(right), MARGIN.left + width * 0.6, top, { width: width * 0.4 });
  doc.x = MARGIN.left;
  doc.y = Math.max(leftBottom, doc.y);
  doc.moveDown(2);

  useFont(doc, 'Helvetica-Bold').fontSize(14).text(t(input.title), MARGIN.left, doc.y, { width });
  doc.moveDown(0.8);

  for (const block of markdownBlocks(input.body)) {
    switch (block.kind) {
      case 'h1':
        doc.moveDown(0.4).font('Helvetica-Bold').fontSize(13).text(t(block.text), { width });
        doc.moveDown(0.3);
        break;
      case 'h2':
        doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).text(t(block.text), { width });
        doc.moveDown(0.2);
        break;
      case 'li':
        doc
          .font('Helvetica')
          .fontSize(10)
          .text(t(`•  ${block.text}`), MARGIN.left + 10, doc.y, { width: width - 10 });
        doc.x = MARGIN.left;
        break;
      default:
        useFont(doc, 'Helvetica').fontSize(10).text(t(block.text), MARGIN.left, doc.y, { width, lineGap: 1.5 });
        doc.moveDown(0.6);
    }
  }

  // Footer with page numbers: written into the bottom margin, which must not start a new page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    useFont(doc, 'Helvetica').fontSize(8).fillColor('#555555');
    const footer = [lh.name, input.reference ? `Az. ${input.reference}` : '', `Seite ${i - range.start + 1} von ${range.count}`]
      .filter(Boolean)
      .join(' · ');
    doc.text(t(footer), MARGIN.left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
