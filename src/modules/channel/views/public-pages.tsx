import type { ComponentChildren } from 'preact';
import type { TenantView, ViewerView } from '../../../platform/views/context.js';
import { ErrorSummary, type FieldErrors, Notice, PostForm, SubmitButton, TextField } from '../../../platform/views/forms.js';
import { SiteFrame } from '../../../platform/views/SiteFrame.js';
import { renderMarkdown } from '../../catalog/index.js';
import type { ChannelMessage, Topic } from '../service.js';
import { germanDateTime, msgTypePrefix } from '../text.js';
import { AlertFacts, CheckboxGroup } from './parts.js';

export interface PublicView {
  tenant: TenantView;
  citizen: ViewerView | null;
  csrf: string;
  notice?: string;
}

function Frame({ view, title, children }: { view: PublicView; title: string; children: ComponentChildren }) {
  return (
    <SiteFrame tenant={view.tenant} title={title} citizen={view.citizen}>
      <div class="kern-stack-md">
        {view.notice && <Notice kind="success">{view.notice}</Notice>}
        {children}
      </div>
    </SiteFrame>
  );
}

const topicOptions = (topics: Topic[]) =>
  topics.map((t) => ({ value: t.slug, label: t.title, hint: t.description || undefined }));

/** Topics, the subscribe form (e-mail and topics, or one click for a logged-in citizen) and the feeds. */
export function ChannelIndexPage({
  view,
  topics,
  values,
  errors = {},
  citizenTopics,
}: {
  view: PublicView;
  topics: Topic[];
  values: { email: string; topics: string[] };
  errors?: FieldErrors;
  /** Set for a logged-in citizen: the topics they follow now. */
  citizenTopics?: string[];
}) {
  const base = `/${view.tenant.slug}`;
  return (
    <Frame view={view} title="Infokanal">
      <ErrorSummary errors={errors} />
      <h1 class="kern-heading-x-large">Infokanal</h1>
      <p class="kern-body">
        Erfahren Sie als Erste, was {view.tenant.name} zu Ihren Themen mitteilt: Warnungen, Straßensperrungen, Ausschreibungen und
        mehr, per E-Mail. Sie können Ihre Themen jederzeit ändern und sich mit einem Klick abmelden.
      </p>
      <section aria-labelledby="themen-titel" class="kern-stack-sm">
        <h2 id="themen-titel" class="kern-heading-medium">
          Themen und Archiv
        </h2>
        <ul class="kern-list">
          {topics.map((t) => (
            <li key={t.slug}>
              <a class="kern-link" href={`${base}/infokanal/${t.slug}`}>
                {t.title}
              </a>
              {t.description && <span> – {t.description}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="abonnieren-titel" class="kern-stack-sm">
        <h2 id="abonnieren-titel" class="kern-heading-medium">
          {citizenTopics ? 'Ihre Themen' : 'Abonnieren'}
        </h2>
        {citizenTopics ? (
          <>
            <p class="kern-body">
              Sie sind angemeldet. Nachrichten gehen an {view.citizen?.email}; eine Bestätigung per E-Mail ist nicht nötig.
            </p>
            <PostForm action={`${base}/infokanal/abonnieren`} csrfToken={view.csrf}>
              <CheckboxGroup
                name="topics"
                legend="Themen"
                options={topicOptions(topics)}
                checked={errors.topics ? values.topics : citizenTopics}
                error={errors.topics}
              />
              <SubmitButton label="Auswahl speichern" />
            </PostForm>
          </>
        ) : (
          <>
            <p class="kern-body">
              Wir schicken Ihnen einen Bestätigungslink. Erst wenn Sie ihn geöffnet haben, erhalten Sie Nachrichten.{' '}
              <a class="kern-link" href={`${base}/konto/anmelden?zurueck=${encodeURIComponent(`${base}/infokanal`)}`}>
                Mit Bürgerkonto anmelden
              </a>{' '}
              und ohne Bestätigung abonnieren.
            </p>
            <PostForm action={`${base}/infokanal/abonnieren`} csrfToken={view.csrf}>
              <TextField
                name="email"
                label="E-Mail-Adresse"
                type="email"
                autocomplete="email"
                value={values.email}
                error={errors.email}
                required
              />
              <CheckboxGroup
                name="topics"
                legend="Themen"
                options={topicOptions(topics)}
                checked={values.topics}
                error={errors.topics}
              />
              <SubmitButton label="Abonnieren" />
            </PostForm>
          </>
        )}
      </section>
      <section aria-labelledby="feeds-titel" class="kern-stack-sm">
        <h2 id="feeds-titel" class="kern-heading-medium">
          Für Warn-Apps und Feedreader
        </h2>
        <ul class="kern-list">
          <li>
            <a class="kern-link" href={`${base}/feeds/alerts.atom`} type="application/atom+xml">
              Aktuelle Warnungen als Newsfeed (Atom, mit CAP-1.2-Dokumenten)
            </a>
          </li>
          {topics.map((t) => (
            <li key={t.slug}>
              <a class="kern-link" href={`${base}/feeds/topics/${t.slug}.atom`} type="application/atom+xml">
                Newsfeed „{t.title}“
              </a>
            </li>
          ))}
        </ul>
      </section>
    </Frame>
  );
}

/** The same answer for every address: known, unknown, or silently rate-limited. */
export function CheckMailPage({ view }: { view: PublicView }) {
  return (
    <Frame view={view} title="Bitte bestätigen Sie Ihre E-Mail-Adresse">
      <h1 class="kern-heading-x-large">Bitte bestätigen Sie Ihre E-Mail-Adresse</h1>
      <p class="kern-body">
        Wir haben eine E-Mail mit einem Bestätigungslink an die angegebene Adresse geschickt. Öffnen Sie den Link innerhalb von 48
        Stunden, dann ist Ihr Abonnement aktiv. Vorher senden wir Ihnen keine Nachrichten.
      </p>
      <p class="kern-body">Keine E-Mail erhalten? Sehen Sie bitte auch im Spam-Ordner nach.</p>
    </Frame>
  );
}

/** A one-button page for a link from a mail: opening the link changes nothing (mail scanners open links). */
export function LinkButtonPage({
  view,
  title,
  text,
  action,
  token,
  button,
}: {
  view: PublicView;
  title: string;
  text: string;
  action: string;
  token: string;
  button: string;
}) {
  return (
    <Frame view={view} title={title}>
      <h1 class="kern-heading-x-large">{title}</h1>
      <p class="kern-body">{text}</p>
      <PostForm action={action} csrfToken={view.csrf}>
        <input type="hidden" name="token" value={token} />
        <SubmitButton label={button} />
      </PostForm>
    </Frame>
  );
}

export function LinkProblemPage({ view, problem }: { view: PublicView; problem: 'unknown' | 'expired' }) {
  return (
    <Frame view={view} title="Link ungültig">
      <h1 class="kern-heading-x-large">{problem === 'expired' ? 'Der Link ist abgelaufen' : 'Der Link ist ungültig'}</h1>
      <p class="kern-body">
        {problem === 'expired'
          ? 'Bestätigungslinks gelten 48 Stunden. Bitte abonnieren Sie erneut; Sie erhalten dann einen neuen Link.'
          : 'Der Link wurde bereits verwendet, ist unvollständig oder gehört nicht zu einem Abonnement. Wenn Sie Ihr Abonnement bereits bestätigt haben, ist nichts weiter zu tun.'}
      </p>
      <p class="kern-body">
        <a class="kern-link" href={`/${view.tenant.slug}/infokanal`}>
          Zum Infokanal
        </a>
      </p>
    </Frame>
  );
}

/** Reached from the link in every mail: change topics or unsubscribe. */
export function ManagePage({
  view,
  token,
  topics,
  checked,
  email,
}: {
  view: PublicView;
  token: string;
  topics: Topic[];
  checked: string[];
  email: string;
}) {
  const base = `/${view.tenant.slug}/infokanal`;
  return (
    <Frame view={view} title="Abonnement verwalten">
      <h1 class="kern-heading-x-large">Abonnement verwalten</h1>
      <p class="kern-body">Nachrichten gehen an {email}. Wählen Sie die Themen, über die Sie informiert werden möchten.</p>
      <PostForm action={`${base}/abo?token=${encodeURIComponent(token)}`} csrfToken={view.csrf}>
        <CheckboxGroup name="topics" legend="Themen" options={topicOptions(topics)} checked={checked} />
        <SubmitButton label="Auswahl speichern" />
      </PostForm>
      <h2 class="kern-heading-medium">Alle Nachrichten abbestellen</h2>
      <form method="post" action={`${base}/abmelden?token=${encodeURIComponent(token)}`} class="kern-stack-md">
        <input type="hidden" name="_csrf" value={view.csrf} />
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">Vom Infokanal abmelden</span>
        </button>
      </form>
    </Frame>
  );
}

/** The visible unsubscribe link's page: one button, the same POST a mail client sends. */
export function UnsubscribePage({ view, token }: { view: PublicView; token: string }) {
  return (
    <Frame view={view} title="Vom Infokanal abmelden">
      <h1 class="kern-heading-x-large">Vom Infokanal abmelden</h1>
      <p class="kern-body">
        Mit einem Klick bestellen Sie alle Nachrichten des Infokanals ab. Ihre E-Mail-Adresse wird gelöscht.
      </p>
      <form
        method="post"
        action={`/${view.tenant.slug}/infokanal/abmelden?token=${encodeURIComponent(token)}`}
        class="kern-stack-md"
      >
        <input type="hidden" name="_csrf" value={view.csrf} />
        <SubmitButton label="Abmelden" />
      </form>
    </Frame>
  );
}

export function UnsubscribedPage({ view }: { view: PublicView }) {
  return (
    <Frame view={view} title="Abgemeldet">
      <h1 class="kern-heading-x-large">Sie sind abgemeldet</h1>
      <p class="kern-body">Sie erhalten keine Nachrichten des Infokanals mehr. Ihre E-Mail-Adresse ist gelöscht.</p>
      <p class="kern-body">
        <a class="kern-link" href={`/${view.tenant.slug}/infokanal`}>
          Erneut abonnieren
        </a>
      </p>
    </Frame>
  );
}

function MessageTeaser({ base, m }: { base: string; m: ChannelMessage }) {
  return (
    <li class="kern-stack-xxs">
      <h2 class="kern-heading-small">
        <a class="kern-link" href={`${base}/infokanal/meldung/${m.id}`}>
          {msgTypePrefix(m.msgType)}
          {m.title}
        </a>
      </h2>
      <p class="kern-body kern-body--small">
        <time datetime={m.publishedAt.toISOString()}>{germanDateTime(m.publishedAt)}</time>
        {m.alert && ` · Warnung: ${m.alert.category}, ${m.alert.areaDesc}`}
      </p>
    </li>
  );
}

export function TopicArchivePage({ view, topic, messages }: { view: PublicView; topic: Topic; messages: ChannelMessage[] }) {
  const base = `/${view.tenant.slug}`;
  return (
    <Frame view={view} title={`${topic.title} – Infokanal`}>
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={`${base}/infokanal`}>
          Infokanal
        </a>
      </p>
      <h1 class="kern-heading-x-large">{topic.title}</h1>
      {topic.description && <p class="kern-body">{topic.description}</p>}
      <p class="kern-body">
        <a class="kern-link" href={`${base}/feeds/topics/${topic.slug}.atom`} type="application/atom+xml">
          Als Newsfeed (Atom) abonnieren
        </a>
      </p>
      {messages.length === 0 ? (
        <p class="kern-body">Zu diesem Thema gibt es noch keine Nachrichten.</p>
      ) : (
        <ul class="kern-list kern-stack-md">
          {messages.map((m) => (
            <MessageTeaser key={m.id} base={base} m={m} />
          ))}
        </ul>
      )}
    </Frame>
  );
}

export function MessagePage({ view, message }: { view: PublicView; message: ChannelMessage }) {
  const base = `/${view.tenant.slug}`;
  return (
    <Frame view={view} title={message.title}>
      <article class="kern-stack-md">
        <p class="kern-body kern-body--small">
          <a class="kern-link" href={`${base}/infokanal`}>
            Infokanal
          </a>{' '}
          · <time datetime={message.publishedAt.toISOString()}>{germanDateTime(message.publishedAt)}</time> ·{' '}
          {message.topics.map((t) => t.title).join(', ')}
        </p>
        <h1 class="kern-heading-x-large">
          {msgTypePrefix(message.msgType)}
          {message.title}
        </h1>
        <AlertFacts message={message} />
        {message.alert?.instruction && (
          <Notice kind="warning">
            <strong>Was Sie tun sollten:</strong> {message.alert.instruction}
          </Notice>
        )}
        {/* renderMarkdown escapes everything first; only its own tags are markup. */}
        <div class="kern-stack-sm rich-text" dangerouslySetInnerHTML={{ __html: renderMarkdown(message.bodyMd) }} />
        {message.alert && (
          <p class="kern-body kern-body--small">
            <a class="kern-link" href={`${base}/feeds/cap/${message.id}.xml`} type="application/cap+xml">
              Diese Warnung als CAP-1.2-Dokument
            </a>
          </p>
        )}
      </article>
    </Frame>
  );
}

export function ChannelNotFoundPage({ view, what }: { view: PublicView; what: string }) {
  return (
    <Frame view={view} title="Seite nicht gefunden">
      <h1 class="kern-heading-x-large">Seite nicht gefunden</h1>
      <p class="kern-body">Diese {what} gibt es hier nicht (mehr).</p>
      <p class="kern-body">
        <a class="kern-link" href={`/${view.tenant.slug}/infokanal`}>
          Zum Infokanal
        </a>
      </p>
    </Frame>
  );
}
