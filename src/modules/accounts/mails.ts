import type { Tenant } from '../../platform/tenancy/repo.js';

/** A mail's subject and plain text; German, no personal data beyond the address it goes to. */
export interface MailText {
  subject: string;
  text: string;
}

const signature = (tenant: Tenant) =>
  `\n\nMit freundlichen Grüßen\n${tenant.name}\n\nDiese Nachricht wurde automatisch erstellt. Bitte antworten Sie nicht darauf.`;

export const confirmRegistrationMail = (tenant: Tenant, link: string): MailText => ({
  subject: `Bitte bestätigen Sie Ihre E-Mail-Adresse – ${tenant.name}`,
  text:
    `Guten Tag,\n\nSie haben ein Bürgerkonto bei ${tenant.name} angelegt. Bitte bestätigen Sie Ihre E-Mail-Adresse über diesen Link:\n\n${link}\n\n` +
    'Der Link ist 24 Stunden gültig. Wenn Sie kein Konto angelegt haben, können Sie diese Nachricht ignorieren.' +
    signature(tenant),
});

export const alreadyRegisteredMail = (tenant: Tenant, loginLink: string, resetLink: string): MailText => ({
  subject: `Sie haben bereits ein Konto – ${tenant.name}`,
  text:
    `Guten Tag,\n\njemand hat versucht, mit dieser E-Mail-Adresse ein Bürgerkonto bei ${tenant.name} anzulegen. Sie haben bereits ein Konto.\n\n` +
    `Anmelden: ${loginLink}\nPasswort vergessen: ${resetLink}\n\n` +
    'Wenn Sie das nicht waren, können Sie diese Nachricht ignorieren; an Ihrem Konto wurde nichts geändert.' +
    signature(tenant),
});

export const passwordResetMail = (tenant: Tenant, link: string): MailText => ({
  subject: `Neues Passwort festlegen – ${tenant.name}`,
  text:
    `Guten Tag,\n\nfür Ihr Konto bei ${tenant.name} wurde ein neues Passwort angefordert. Über diesen Link legen Sie es fest:\n\n${link}\n\n` +
    'Der Link ist eine Stunde gültig und kann nur einmal verwendet werden. Wenn Sie kein neues Passwort angefordert haben, können Sie diese Nachricht ignorieren.' +
    signature(tenant),
});

export const emailChangeMail = (tenant: Tenant, link: string): MailText => ({
  subject: `Neue E-Mail-Adresse bestätigen – ${tenant.name}`,
  text:
    `Guten Tag,\n\nfür ein Bürgerkonto bei ${tenant.name} soll diese E-Mail-Adresse eingetragen werden. Bitte bestätigen Sie das über diesen Link:\n\n${link}\n\n` +
    'Der Link ist 24 Stunden gültig. Erst nach der Bestätigung wird die Adresse geändert. Wenn Sie das nicht veranlasst haben, ignorieren Sie diese Nachricht.' +
    signature(tenant),
});

export const emailTakenMail = (tenant: Tenant): MailText => ({
  subject: `E-Mail-Adresse bereits vergeben – ${tenant.name}`,
  text:
    `Guten Tag,\n\njemand wollte diese E-Mail-Adresse in einem Bürgerkonto bei ${tenant.name} eintragen. Für diese Adresse besteht dort bereits ein Konto, daher wurde nichts geändert.\n\n` +
    'Wenn Sie das nicht waren, können Sie diese Nachricht ignorieren.' +
    signature(tenant),
});

export const emailChangedNoticeMail = (tenant: Tenant): MailText => ({
  subject: `Ihre E-Mail-Adresse wurde geändert – ${tenant.name}`,
  text:
    `Guten Tag,\n\ndie E-Mail-Adresse Ihres Bürgerkontos bei ${tenant.name} wurde geändert. Nachrichten gehen künftig an die neue Adresse.\n\n` +
    `Wenn Sie das nicht veranlasst haben, wenden Sie sich bitte an ${tenant.email || tenant.name}.` +
    signature(tenant),
});

export const staffInvitationMail = (tenant: Tenant, link: string): MailText => ({
  subject: `Einladung in die Verwaltung – ${tenant.name}`,
  text:
    `Guten Tag,\n\nfür Sie wurde ein Zugang zur Verwaltung von ${tenant.name} angelegt. Über diesen Link legen Sie Ihr Passwort fest:\n\n${link}\n\n` +
    'Der Link ist 24 Stunden gültig und kann nur einmal verwendet werden. Ist er abgelaufen, bitten Sie Ihre Administration um eine neue Einladung.' +
    signature(tenant),
});
