import { buildCalendar } from '../../platform/calendar/ics.js';
import type { MailAttachment } from '../../platform/db/schema.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import type { BookingRow } from './repo.js';
import { germanDateTime } from './time.js';

/** What a mail or .ics about one appointment says besides the booking row. */
export interface AppointmentContext {
  tenant: Pick<Tenant, 'name' | 'slug' | 'email' | 'phone'>;
  offerTitle: string;
  durationMinutes: number;
  /** Address line(s) of the location, or empty for a video appointment. */
  place: string;
  virtual: boolean;
  /** Only in mails to the citizen and the appointment view; never on a public page. */
  videoLink: string | null;
  documents: string[];
  links: { view: string; cancel: string; move: string; ics: string };
  /** Sender address of the platform, the organizer in the .ics. */
  organizerEmail: string | null;
  /** Host part of the public URL, for the stable UID. */
  host: string;
}

/** The UID stays the same for the life of the appointment: moving it updates the calendar entry. */
export const appointmentUid = (booking: Pick<BookingRow, 'id'>, host: string) => `termin-${booking.id}@${host}`;

const whereLine = (c: AppointmentContext) =>
  c.virtual ? `Videosprechstunde${c.videoLink ? `: ${c.videoLink}` : ' (den Link erhalten Sie vor dem Termin)'}` : c.place;

/** The iCalendar file: REQUEST for a new or moved appointment, CANCEL when it is cancelled. */
export function appointmentIcs(method: 'REQUEST' | 'CANCEL', booking: BookingRow, c: AppointmentContext): string {
  const description = [
    `Vorgangsnummer: ${booking.reference}`,
    c.virtual && c.videoLink ? `Videosprechstunde: ${c.videoLink}` : '',
    c.documents.length > 0 ? `Bitte mitbringen: ${c.documents.join('; ')}` : '',
    method === 'REQUEST' ? `Termin ansehen, verschieben oder absagen: ${c.links.view}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return buildCalendar({
    method,
    prodId: '-//Rathaus//Terminbuchung//DE',
    events: [
      {
        uid: appointmentUid(booking, c.host),
        sequence: booking.sequence,
        start: booking.starts_at,
        end: booking.ends_at,
        summary: `${c.offerTitle} – ${c.tenant.name}`,
        description,
        location: c.virtual ? (c.videoLink ?? 'Videosprechstunde') : c.place,
        url: c.links.view,
        status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
        ...(c.organizerEmail ? { organizer: { name: c.tenant.name, email: c.organizerEmail } } : {}),
        ...(booking.email ? { attendee: { name: booking.name, email: booking.email } } : {}),
      },
    ],
  });
}

const icsAttachment = (method: 'REQUEST' | 'CANCEL', booking: BookingRow, c: AppointmentContext): MailAttachment => ({
  filename: method === 'CANCEL' ? 'absage.ics' : 'termin.ics',
  contentType: `text/calendar; charset=utf-8; method=${method}`,
  content: appointmentIcs(method, booking, c),
});

const closing = (c: AppointmentContext) =>
  ['', 'Mit freundlichen Grüßen', c.tenant.name, c.tenant.phone ? `Telefon ${c.tenant.phone}` : '']
    .filter((l, i) => i === 0 || l)
    .join('\n');

function details(booking: BookingRow, c: AppointmentContext): string[] {
  return [
    `Anliegen: ${c.offerTitle}`,
    `Termin: ${germanDateTime(booking.starts_at)} (Dauer ${c.durationMinutes} Minuten)`,
    `${c.virtual ? 'Wo' : 'Ort'}: ${whereLine(c)}`,
    `Vorgangsnummer: ${booking.reference}`,
  ];
}

const bring = (c: AppointmentContext) =>
  c.documents.length > 0 ? ['', 'Bitte bringen Sie mit:', ...c.documents.map((d) => `- ${d}`)] : [];

const manageLinks = (c: AppointmentContext) => [
  '',
  `Termin ansehen: ${c.links.view}`,
  `Termin verschieben: ${c.links.move}`,
  `Termin absagen: ${c.links.cancel}`,
];

export interface AppointmentMail {
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

export function confirmationMail(booking: BookingRow, c: AppointmentContext): AppointmentMail {
  return {
    subject: `Terminbestätigung: ${c.offerTitle} am ${germanDateTime(booking.starts_at)}`,
    text: [
      `Guten Tag ${booking.name},`,
      '',
      'Ihr Termin ist gebucht.',
      '',
      ...details(booking, c),
      ...bring(c),
      ...manageLinks(c),
      '',
      'Im Anhang finden Sie den Termin für Ihren Kalender (termin.ics).',
      closing(c),
    ].join('\n'),
    attachments: [icsAttachment('REQUEST', booking, c)],
  };
}

export function movedMail(booking: BookingRow, c: AppointmentContext): AppointmentMail {
  return {
    subject: `Termin verschoben: ${c.offerTitle} jetzt am ${germanDateTime(booking.starts_at)}`,
    text: [
      `Guten Tag ${booking.name},`,
      '',
      'Ihr Termin wurde verschoben. Es gilt jetzt:',
      '',
      ...details(booking, c),
      ...bring(c),
      ...manageLinks(c),
      '',
      'Der Anhang (termin.ics) aktualisiert den Eintrag in Ihrem Kalender.',
      closing(c),
    ].join('\n'),
    attachments: [icsAttachment('REQUEST', booking, c)],
  };
}

export function cancelledMail(booking: BookingRow, c: AppointmentContext, byOffice: boolean): AppointmentMail {
  return {
    subject: `Termin abgesagt: ${c.offerTitle} am ${germanDateTime(booking.starts_at)}`,
    text: [
      `Guten Tag ${booking.name},`,
      '',
      byOffice ? 'wir mussten Ihren Termin leider absagen:' : 'Ihr Termin ist abgesagt:',
      '',
      ...details(booking, c),
      '',
      'Der Anhang (absage.ics) entfernt den Termin aus Ihrem Kalender.',
      `Einen neuen Termin buchen Sie hier: ${c.links.view.replace(/\/buchung\/.*$/, '')}`,
      closing(c),
    ].join('\n'),
    attachments: [icsAttachment('CANCEL', booking, c)],
  };
}

export function reminderMail(booking: BookingRow, c: AppointmentContext): AppointmentMail {
  return {
    subject: `Erinnerung: morgen ${c.offerTitle}`,
    text: [
      `Guten Tag ${booking.name},`,
      '',
      'wir erinnern Sie an Ihren Termin:',
      '',
      ...details(booking, c),
      ...bring(c),
      '',
      `Sie können nicht kommen? Bitte sagen Sie ab, damit andere den Termin nutzen können: ${c.links.cancel}`,
      closing(c),
    ].join('\n'),
  };
}
