/**
 * CAP 1.2 (OASIS Common Alerting Protocol) documents for warn apps. Elements are
 * written in the order the CAP 1.2 schema's sequences require; every text is escaped.
 */
import type { AlertCategory, Circle, MsgType, Polygon } from './tables.js';

export type CapCategory =
  | 'Geo'
  | 'Met'
  | 'Safety'
  | 'Security'
  | 'Rescue'
  | 'Fire'
  | 'Health'
  | 'Env'
  | 'Transport'
  | 'Infra'
  | 'CBRNE'
  | 'Other';

/** Our categories in CAP terms (CAP's "Met" includes floods). */
export const CAP_CATEGORY: Record<AlertCategory, CapCategory> = {
  Unwetter: 'Met',
  Brand: 'Fire',
  Hochwasser: 'Met',
  Straßensperrung: 'Transport',
  Gefahrstoff: 'Env',
  Sonstiges: 'Other',
};

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: Date;
  msgType: MsgType;
  /** Earlier alerts as "sender,identifier,sent" each. */
  references: string[];
  info: {
    category: CapCategory;
    event: string;
    urgency: string;
    severity: string;
    certainty: string;
    effective: Date | null;
    expires: Date | null;
    senderName: string;
    headline: string;
    description: string;
    instruction: string;
    web: string;
    area: { areaDesc: string; polygon: Polygon | null; circle: Circle | null };
  };
}

export const xmlEscape = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** CAP's dateTime: seconds precision and an explicit offset ("Z" is not allowed). */
export const capTime = (date: Date) => `${date.toISOString().slice(0, 19)}+00:00`;

/** A number without exponent notation, at most 6 decimals (about 10 cm). */
const coord = (n: number) => String(Number(n.toFixed(6)));

export const capPolygon = (points: Polygon) => points.map(([lat, lon]) => `${coord(lat)},${coord(lon)}`).join(' ');
export const capCircle = (c: Circle) => `${coord(c.lat)},${coord(c.lon)} ${coord(c.radiusKm)}`;

const el = (name: string, value: string, indent: string) => `${indent}<${name}>${xmlEscape(value)}</${name}>`;

export function capDocument(alert: CapAlert): string {
  const i = alert.info;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
    el('identifier', alert.identifier, '  '),
    el('sender', alert.sender, '  '),
    el('sent', capTime(alert.sent), '  '),
    el('status', 'Actual', '  '),
    el('msgType', alert.msgType, '  '),
    el('scope', 'Public', '  '),
    ...(alert.references.length > 0 ? [el('references', alert.references.join(' '), '  ')] : []),
    '  <info>',
    el('language', 'de-DE', '    '),
    el('category', i.category, '    '),
    el('event', i.event, '    '),
    el('urgency', i.urgency, '    '),
    el('severity', i.severity, '    '),
    el('certainty', i.certainty, '    '),
    ...(i.effective ? [el('effective', capTime(i.effective), '    ')] : []),
    ...(i.expires ? [el('expires', capTime(i.expires), '    ')] : []),
    el('senderName', i.senderName, '    '),
    el('headline', i.headline, '    '),
    ...(i.description ? [el('description', i.description, '    ')] : []),
    ...(i.instruction ? [el('instruction', i.instruction, '    ')] : []),
    ...(i.web ? [el('web', i.web, '    ')] : []),
    '    <area>',
    el('areaDesc', i.area.areaDesc, '      '),
    ...(i.area.polygon ? [el('polygon', capPolygon(i.area.polygon), '      ')] : []),
    ...(i.area.circle ? [el('circle', capCircle(i.area.circle), '      ')] : []),
    '    </area>',
    '  </info>',
    '</alert>',
    '',
  ];
  return lines.join('\n');
}
