import { Fragment } from 'preact';
import { StaffFrame } from '../../../platform/views/StaffFrame.js';
import type { OutgoingMail } from '../service.js';
import type { StaffFrameProps } from './frame.js';
import { formatDateTime, MailStatus } from './status.js';

/** Blank lines separate paragraphs; single line breaks stay (addresses, links on their own line). */
const paragraphs = (text: string) =>
  text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => p.split('\n'));

/** One mail as it was (or will be) sent: the plain text, never rendered HTML. */
export function MailPage({ mail, ...frame }: StaffFrameProps & { mail: OutgoingMail }) {
  const base = `/${frame.tenant.slug}/verwaltung/postausgang`;
  return (
    <StaffFrame {...frame} title={`E-Mail: ${mail.subject}`} currentPath="/postausgang">
      <p>
        <a class="kern-link" href={base}>
          Zurück zum Postausgang
        </a>
      </p>
      <h1 class="kern-heading-large">{mail.subject}</h1>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Empfänger</dt>
          <dd class="kern-description-list-item__value">{mail.to}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Status</dt>
          <dd class="kern-description-list-item__value">
            <MailStatus status={mail.status} />
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Erstellt</dt>
          <dd class="kern-description-list-item__value">{formatDateTime(mail.created_at)}</dd>
        </div>
        {mail.sent_at && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{mail.status === 'captured' ? 'Gespeichert' : 'Versendet'}</dt>
            <dd class="kern-description-list-item__value">{formatDateTime(mail.sent_at)}</dd>
          </div>
        )}
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Versuche</dt>
          <dd class="kern-description-list-item__value">{mail.attempts}</dd>
        </div>
        {mail.last_error && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Letzter Fehler</dt>
            <dd class="kern-description-list-item__value">{mail.last_error}</dd>
          </div>
        )}
      </dl>
      <h2 class="kern-heading-medium">Text</h2>
      <div class="kern-body">
        {paragraphs(mail.text).map((lines, i) => (
          <p key={i}>
            {lines.map((line, j) => (
              <Fragment key={j}>
                {j > 0 && <br />}
                {line}
              </Fragment>
            ))}
          </p>
        ))}
      </div>
    </StaffFrame>
  );
}
