import { PostForm, SubmitButton } from '../../../platform/views/forms.js';
import type { TokenProblem } from '../service.js';
import { Hidden, type SiteContext, SitePage, type StaffContext, StaffPage } from './frames.js';

const PROBLEM_TEXT: Record<TokenProblem, string> = {
  used: 'Dieser Link wurde bereits verwendet oder durch einen neueren Link ersetzt.',
  expired: 'Dieser Link ist abgelaufen.',
  unknown: 'Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig aus der E-Mail übernommen haben.',
};

export const problemText = (problem: TokenProblem) => PROBLEM_TEXT[problem];

/** A mailed link that cannot be used (any more), with the way to a new one. */
export function LinkProblemPage({
  ctx,
  problem,
  renew,
}: {
  ctx: SiteContext;
  problem: TokenProblem;
  renew: { href: string; label: string; text?: string };
}) {
  return (
    <SitePage ctx={ctx} title="Link nicht mehr gültig">
      <h1 class="kern-heading-large">Link nicht mehr gültig</h1>
      <p class="kern-body">{PROBLEM_TEXT[problem]}</p>
      {renew.text && <p class="kern-body">{renew.text}</p>}
      <p class="kern-body">
        <a class="kern-link" href={renew.href}>
          {renew.label}
        </a>
      </p>
    </SitePage>
  );
}

/**
 * The page behind a mailed link: a button performs the action by POST, so a mail
 * scanner that opens the link does not use it up.
 */
export function LinkActionPage({
  ctx,
  title,
  text,
  action,
  token,
  button,
}: {
  ctx: SiteContext;
  title: string;
  text: string;
  action: string;
  token: string;
  button: string;
}) {
  return (
    <SitePage ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">{text}</p>
      <PostForm action={action} csrfToken={ctx.csrf}>
        <Hidden name="token" value={token} />
        <SubmitButton label={button} />
      </PostForm>
    </SitePage>
  );
}

/** A short message page on the public site (e.g. "check your mailbox"). */
export function MessagePage({
  ctx,
  title,
  paragraphs,
  links = [],
}: {
  ctx: SiteContext;
  title: string;
  paragraphs: string[];
  links?: { href: string; label: string }[];
}) {
  return (
    <SitePage ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      {paragraphs.map((p) => (
        <p class="kern-body" key={p}>
          {p}
        </p>
      ))}
      {links.length > 0 && (
        <ul class="kern-list">
          {links.map((l) => (
            <li key={l.href}>
              <a class="kern-link" href={l.href}>
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      )}
    </SitePage>
  );
}

export function StaffLinkProblemPage({ ctx, problem }: { ctx: StaffContext; problem: TokenProblem }) {
  return (
    <StaffPage ctx={ctx} title="Einladung nicht mehr gültig">
      <h1 class="kern-heading-large">Einladung nicht mehr gültig</h1>
      <p class="kern-body">{PROBLEM_TEXT[problem]}</p>
      <p class="kern-body">
        Bitte bitten Sie Ihre Administration, Ihnen eine neue Einladung zu senden. Haben Sie Ihr Passwort bereits festgelegt,
        können Sie sich{' '}
        <a class="kern-link" href={`${ctx.base}/anmelden`}>
          hier anmelden
        </a>
        .
      </p>
    </StaffPage>
  );
}
