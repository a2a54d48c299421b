import { Notice } from '../../../platform/views/forms.js';
import { StaffFrame } from '../../../platform/views/StaffFrame.js';
import { Table } from '../../../platform/views/table.js';
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
        <Table
          caption={
            mails.length === limit ? `Die neuesten ${limit} E-Mails` : `${mails.length} E-Mail${mails.length === 1 ? '' : 's'}`
          }
          visibleCaption
          columns={['Erstellt', 'Empfänger', 'Betreff', 'Status']}
          rows={mails.map((mail) => ({
            key: mail.id,
            cells: [
              formatDateTime(mail.created_at),
              mail.to,
              <a key="link" class="kern-link" href={`${base}/${mail.id}`}>
                {mail.subject}
              </a>,
              <MailStatus key="status" status={mail.status} />,
            ],
          }))}
        />
      )}
    </StaffFrame>
  );
}
