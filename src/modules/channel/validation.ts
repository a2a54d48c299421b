/** Checks a message or alert from the back-office form or the API; German messages keyed by the API field path. */
import type { MessageRow, TopicRow } from './repo.js';
import type { AlertCategory, Certainty, Circle, MsgType, Polygon, Severity, Urgency } from './tables.js';

export const CATEGORIES: AlertCategory[] = ['Unwetter', 'Brand', 'Hochwasser', 'Straßensperrung', 'Gefahrstoff', 'Sonstiges'];
export const SEVERITIES: Severity[] = ['Extreme', 'Severe', 'Moderate', 'Minor'];
export const URGENCIES: Urgency[] = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'];
export const CERTAINTIES: Certainty[] = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'];
export const MSG_TYPES: MsgType[] = ['Alert', 'Update', 'Cancel'];

export const SEVERITY_LABELS: Record<string, string> = {
  Extreme: 'Extreme Gefahr',
  Severe: 'Hohe Gefahr',
  Moderate: 'Mittlere Gefahr',
  Minor: 'Geringe Gefahr',
  Unknown: 'Unbekannt',
};
export const URGENCY_LABELS: Record<string, string> = {
  Immediate: 'Sofort handeln',
  Expected: 'Bald handeln (innerhalb einer Stunde)',
  Future: 'In naher Zukunft',
  Past: 'Nicht mehr erforderlich',
  Unknown: 'Unbekannt',
};
export const CERTAINTY_LABELS: Record<string, string> = {
  Observed: 'Beobachtet',
  Likely: 'Wahrscheinlich',
  Possible: 'Möglich',
  Unlikely: 'Unwahrscheinlich',
  Unknown: 'Unbekannt',
};

export const LIMITS = { title: 200, body: 20_000, instruction: 2_000, areaDesc: 300, polygonPoints: 500 };
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the API body (or the form, converted) may contain; everything still unchecked. */
export interface RawMessage {
  title?: unknown;
  body?: unknown;
  topics?: unknown;
  msgType?: unknown;
  references?: unknown;
  alert?: unknown;
  /** Scheduled publishing: ISO 8601 with offset (API) or German local time (form); empty means now. */
  publishAt?: unknown;
}

export interface AlertValues {
  category: AlertCategory;
  severity: Severity;
  urgency: Urgency;
  certainty: Certainty;
  instruction: string;
  areaDesc: string;
  circle: Circle | null;
  polygon: Polygon | null;
  validFrom: Date;
  validUntil: Date;
}

export interface MessageValues {
  title: string;
  body: string;
  topicIds: string[];
  msgType: MsgType;
  referencesId: string | null;
  alert: AlertValues | null;
}

export type Checked = { ok: true; values: MessageValues } | { ok: false; errors: Record<string, string> };

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const num = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.trim().replace(',', '.')) : Number.NaN;

/** The UTC instant of a wall-clock time in Germany (form fields have no offset). */
export function berlinLocalToDate(local: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return undefined;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  const offsetAt = (instant: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(new Date(instant))
        .map((p) => [p.type, p.value]),
    );
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - instant;
  };
  const first = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(first));
}

/** "2026-07-14T20:38:00Z" or "…+02:00" (API) or "2026-07-14T22:38" (form, German time). */
export function parseTime(value: string): Date | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const local = berlinLocalToDate(v);
  if (local) return local;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return undefined;
  const date = new Date(v);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Polygon points from the API ([[lat, lon], …]) or the form (one "lat, lon" per line or "lat,lon lat,lon …"). */
export function parsePolygon(value: unknown): Polygon | undefined {
  let pairs: unknown[];
  if (typeof value === 'string') {
    const text = value.trim();
    const tokens = text.includes('\n') ? text.split(/\n/) : text.replace(/\s*,\s*/g, ',').split(/\s+/);
    pairs = tokens
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => line.split(/\s*[,;\s]\s*/).map((n) => num(n)));
  } else if (Array.isArray(value)) pairs = value;
  else return undefined;
  const out: Polygon = [];
  for (const p of pairs) {
    if (!Array.isArray(p) || p.length !== 2) return undefined;
    const [lat, lon] = [num(p[0]), num(p[1])];
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) return undefined;
    out.push([lat, lon]);
  }
  return out;
}

/** Messages can be scheduled up to a year ahead. */
export const MAX_SCHEDULE_DAYS = 366;

/** The time a message is to be published: null for now, or the error for field `publishAt`. */
export function checkPublishAt(value: unknown, now: Date): { ok: true; at: Date | null } | { ok: false; error: string } {
  const text = str(value).trim();
  if (!text) return { ok: true, at: null };
  const at = parseTime(text);
  if (!at)
    return {
      ok: false,
      error: 'Der Zeitpunkt der Veröffentlichung ist ungültig. Erwartet wird zum Beispiel 2026-07-14T08:00:00+02:00.',
    };
  if (at.getTime() <= now.getTime())
    return {
      ok: false,
      error: 'Der Zeitpunkt der Veröffentlichung liegt in der Vergangenheit. Bitte wählen Sie einen späteren.',
    };
  if (at.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000)
    return { ok: false, error: 'Eine Nachricht kann höchstens ein Jahr im Voraus geplant werden.' };
  return { ok: true, at };
}

const samePoint = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1];

/**
 * Checks a message against the tenant's topics and, for an update or cancellation, the
 * alert it refers to (loaded by the caller from `raw.references`). An update or
 * cancellation without its own alert fields takes them from the referenced alert.
 */
export function checkMessage(raw: RawMessage, ctx: { topics: TopicRow[]; referenced?: MessageRow; now: Date }): Checked {
  const errors: Record<string, string> = {};
  const title = str(raw.title).replace(/\s+/g, ' ').trim();
  const body = str(raw.body).replace(/\r\n?/g, '\n').trim();
  if (!title) errors.title = 'Bitte geben Sie einen Titel ein.';
  else if (title.length > LIMITS.title) errors.title = `Der Titel darf höchstens ${LIMITS.title} Zeichen lang sein.`;
  if (!body) errors.body = 'Bitte geben Sie den Text der Nachricht ein.';
  else if (body.length > LIMITS.body)
    errors.body = `Der Text darf höchstens ${LIMITS.body.toLocaleString('de-DE')} Zeichen lang sein.`;

  const slugs = Array.isArray(raw.topics) ? raw.topics.map(str) : typeof raw.topics === 'string' ? [raw.topics] : [];
  const bySlug = new Map(ctx.topics.map((t) => [t.slug, t.id]));
  const unknown = slugs.filter((s) => !bySlug.has(s));
  if (slugs.length === 0) errors.topics = 'Bitte wählen Sie mindestens ein Thema.';
  else if (unknown.length > 0) errors.topics = `Unbekanntes Thema: ${unknown.slice(0, 3).join(', ').slice(0, 120)}.`;
  const topicIds = [...new Set(slugs.map((s) => bySlug.get(s)).filter((id): id is string => id !== undefined))];

  const msgTypeText = str(raw.msgType) || 'Alert';
  const msgType = MSG_TYPES.find((m) => m === msgTypeText);
  if (!msgType) errors.msgType = 'Die Art der Meldung muss Alert, Update oder Cancel sein.';
  const referencesText = str(raw.references).trim();
  let referencesId: string | null = null;
  if (msgType === 'Update' || msgType === 'Cancel') {
    if (!referencesText) errors.references = 'Eine Aktualisierung oder Aufhebung muss die frühere Warnung angeben.';
    else if (!ctx.referenced || ctx.referenced.category === null)
      errors.references = 'Die angegebene frühere Warnung gibt es nicht.';
    else referencesId = ctx.referenced.id;
  } else if (referencesText) errors.references = 'Nur eine Aktualisierung oder Aufhebung verweist auf eine frühere Warnung.';

  let alert: AlertValues | null = null;
  const a = obj(raw.alert);
  if (a) alert = checkAlert(a, errors, ctx.now);
  else if (raw.alert !== undefined && raw.alert !== null) errors.alert = 'Die Angaben zur Warnung fehlen oder sind ungültig.';
  else if (referencesId && ctx.referenced) alert = inheritedAlert(ctx.referenced);
  else if (msgType === 'Update' || msgType === 'Cancel')
    errors.alert = 'Eine Aktualisierung oder Aufhebung ist immer eine Warnung.';

  if (Object.keys(errors).length > 0 || !msgType) return { ok: false, errors };
  return { ok: true, values: { title, body, topicIds, msgType, referencesId, alert } };
}

function inheritedAlert(m: MessageRow): AlertValues {
  return {
    category: m.category as AlertCategory,
    severity: (m.severity ?? 'Minor') as Severity,
    urgency: (m.urgency ?? 'Unknown') as Urgency,
    certainty: (m.certainty ?? 'Unknown') as Certainty,
    instruction: m.instruction,
    areaDesc: m.area_desc,
    circle: m.area_circle,
    polygon: m.area_polygon,
    validFrom: m.valid_from ?? m.published_at,
    validUntil: m.valid_until ?? new Date(m.published_at.getTime() + 24 * 3600_000),
  };
}

function checkAlert(a: Record<string, unknown>, errors: Record<string, string>, now: Date): AlertValues | null {
  const pick = <T extends string>(name: string, list: T[], message: string): T | undefined => {
    const value = list.find((v) => v === str(a[name]));
    if (!value) errors[`alert.${name}`] = message;
    return value;
  };
  const category = pick('category', CATEGORIES, 'Bitte wählen Sie die Art der Gefahr.');
  const severity = pick('severity', SEVERITIES, 'Bitte wählen Sie die Schwere (Extreme, Severe, Moderate oder Minor).');
  const urgency = pick('urgency', URGENCIES, 'Bitte wählen Sie die Dringlichkeit.');
  const certainty = pick('certainty', CERTAINTIES, 'Bitte wählen Sie die Gewissheit.');
  const instruction = str(a.instruction).replace(/\r\n?/g, '\n').trim();
  if (instruction.length > LIMITS.instruction)
    errors['alert.instruction'] = `Die Handlungsempfehlung darf höchstens ${LIMITS.instruction} Zeichen lang sein.`;

  const area = obj(a.area) ?? {};
  const areaDesc = str(area.description).replace(/\s+/g, ' ').trim();
  if (!areaDesc) errors['alert.area.description'] = 'Bitte beschreiben Sie das betroffene Gebiet, zum Beispiel „Ortsteil Nord“.';
  else if (areaDesc.length > LIMITS.areaDesc)
    errors['alert.area.description'] = `Die Gebietsbeschreibung darf höchstens ${LIMITS.areaDesc} Zeichen lang sein.`;

  let circle: Circle | null = null;
  const c = obj(area.circle);
  if (c) {
    const lat = num(c.lat);
    const lon = num(c.lon);
    const radiusKm = num(c.radiusKm);
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180))
      errors['alert.area.circle'] =
        'Der Mittelpunkt des Kreises braucht gültige Koordinaten (Breite −90 bis 90, Länge −180 bis 180).';
    else if (!(radiusKm > 0 && radiusKm <= 1000))
      errors['alert.area.circle'] = 'Der Radius muss größer als 0 und höchstens 1000 km sein.';
    else circle = { lat, lon, radiusKm };
  } else if (area.circle !== undefined && area.circle !== null)
    errors['alert.area.circle'] = 'Der Kreis braucht lat, lon und radiusKm.';

  let polygon: Polygon | null = null;
  if (area.polygon !== undefined && area.polygon !== null && area.polygon !== '') {
    const points = parsePolygon(area.polygon);
    if (!points)
      errors['alert.area.polygon'] = 'Das Polygon enthält ungültige Koordinaten. Erwartet werden Paare aus Breite und Länge.';
    else if (points.length < 4 || !samePoint(points[0], points[points.length - 1]))
      errors['alert.area.polygon'] =
        'Das Gebiet muss ein geschlossenes Polygon sein: mindestens vier Punkte, der letzte gleich dem ersten.';
    else if (points.length > LIMITS.polygonPoints)
      errors['alert.area.polygon'] = `Das Polygon darf höchstens ${LIMITS.polygonPoints} Punkte haben.`;
    else polygon = points;
  }

  const fromText = str(a.validFrom);
  const untilText = str(a.validUntil);
  const validFrom = fromText ? parseTime(fromText) : now;
  const validUntil = untilText ? parseTime(untilText) : undefined;
  if (!validFrom) errors['alert.validFrom'] = 'Der Beginn der Gültigkeit ist kein gültiger Zeitpunkt.';
  if (!untilText) errors['alert.validUntil'] = 'Bitte geben Sie an, bis wann die Warnung gilt.';
  else if (!validUntil) errors['alert.validUntil'] = 'Das Ende der Gültigkeit ist kein gültiger Zeitpunkt.';
  else if (validFrom && validUntil.getTime() <= validFrom.getTime())
    errors['alert.validUntil'] = 'Das Ende der Gültigkeit muss nach ihrem Beginn liegen.';

  if (!category || !severity || !urgency || !certainty || !validFrom || !validUntil) return null;
  return { category, severity, urgency, certainty, instruction, areaDesc, circle, polygon, validFrom, validUntil };
}
