import { Notice } from '../../../platform/views/forms.js';
import { StaffFrame } from '../../../platform/views/StaffFrame.js';
import type { OutgoingMailSummary } from '../service.js';
import type { StaffFrameProps } from './frame.js';
import { formatDateTime, MailStatus } from './status.js';

interface OutboxPageProps extends StaffFrameProps {
  mails: OutgoingMailSummary[];
  limit: number;
  mode: 'smtp' | 'capture';
}

/** The tenant's outgoing mails, newest first. */
export function OutboxPage({ mails, limit, mode, ...frame }: OutboxPageProps) {
  const base = `/${frame.tenant.slug}/verwaltung/postausgang`;
  return (
    <StaffFrame {...frame} title="Postausgang" currentPath="/postausgang">
      <h1 class="kern-heading-large">Postausgang</h1>
      {mode === 'capture' && (
        <Notice kind="info">
          Es ist kein Mailserver eingerichtet (SMTP_URL). E-Mails werden nicht versendet, sondern nur hier gespeichert.
        </Notice>
      )}
      {mails.length === 0 ? (
        <p class="kern-body">Es wurden noch keine E-Mails erstellt.</p>
      ) : (
        <div class="kern-table-responsive">
          <table class="kern-table">
            <caption class="kern-title">
              {mails.length === limit
                ? `Die neuesten ${limit} E-Mails`
                : `${mails.length} E-Mail${mails.length === 1 ? '' : 's'}`}
            </caption>
            <thead class="kern-table__head">
              <tr class="kern-table__row">
                <th scope="col" class="kern-table__header">
                  Erstellt
                </th>
                <th scope="col" class="kern-table__header">
                  Empfänger
                </th>
                <th scope="col" class="kern-table__header">
                  Betreff
                </th>
                <th scope="col" class="kern-table__header">
                  Status
                </th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {mails.map((mail) => (
                <tr class="kern-table__row" key={mail.id}>
                  <td class="kern-table__cell">{formatDateTime(mail.created_at)}</td>
                  <td class="kern-table__cell">{mail.to}</td>
                  <td class="kern-table__cell">
                    <a class="kern-link" href={`${base}/${mail.id}`}>
                      {mail.subject}
                    </a>
                  </td>
                  <td class="kern-table__cell">
                    <MailStatus status={mail.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffFrame>
  );
}
