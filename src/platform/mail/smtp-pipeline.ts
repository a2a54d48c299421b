import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';

/**
 * A lean SMTP client for mass mailings: finished MIME messages (raw-message.ts) over a
 * few kept-open connections, with PIPELINING (RFC 2920): MAIL, RCPT and DATA go out in
 * one write and the body in a second, two round trips per mail instead of four, and
 * none of nodemailer's per-message machinery (message object, MIME tree, streams), which
 * cost more CPU per mail than everything else of a fan-out together.
 *
 * It speaks what a submission server needs (implicit TLS, STARTTLS, AUTH PLAIN/LOGIN)
 * and throws UnsupportedSmtp for anything else (another AUTH mechanism, no ESMTP, a URL
 * option it does not know, a non-ASCII address): the caller then uses nodemailer.
 */

export class UnsupportedSmtp extends Error {
  /** 'server': never for this server (use nodemailer from now on); 'mail': only this mail. */
  constructor(
    message: string,
    readonly scope: 'server' | 'mail' = 'server',
  ) {
    super(message);
  }
}

/** A reply of the server to one command; `responseCode` as nodemailer names it (describeMailError shows the text). */
export class SmtpReplyError extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

interface Reply {
  code: number;
  text: string;
}

export interface PipelineOptions {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  tls: tls.ConnectionOptions;
  ignoreTLS: boolean;
  requireTLS: boolean;
  name: string;
}

const KNOWN_QUERY = new Set(['ignoreTLS', 'requireTLS', 'name', 'secure']);

/** SMTP_URL as nodemailer reads it, or UnsupportedSmtp for options only nodemailer knows. */
export function pipelineOptions(smtpUrl: string): PipelineOptions {
  const url = new URL(smtpUrl);
  const secureScheme = url.protocol === 'smtps:';
  const options: PipelineOptions = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port) || (secureScheme ? 465 : 587),
    secure: secureScheme,
    tls: {},
    ignoreTLS: false,
    requireTLS: false,
    name: defaultHostname(),
  };
  if (url.username || url.password)
    options.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  for (const [key, value] of url.searchParams) {
    const typed: unknown =
      value === 'true' ? true : value === 'false' ? false : value !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
    if (key.startsWith('tls.') && !key.slice(4).includes('.')) (options.tls as Record<string, unknown>)[key.slice(4)] = typed;
    else if (!KNOWN_QUERY.has(key)) throw new UnsupportedSmtp(`SMTP_URL-Option ${key}`);
    else if (key === 'name') options.name = String(value);
    else (options as unknown as Record<string, unknown>)[key] = typed === true;
  }
  return options;
}

/** As nodemailer: the machine's FQDN, else a literal address. */
function defaultHostname() {
  let name = '';
  try {
    name = os.hostname() || '';
  } catch {
    // no hostname available
  }
  if (!name.includes('.')) return '[127.0.0.1]';
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) ? `[${name}]` : name;
}

const CONNECT_TIMEOUT = 30_000;
const SOCKET_TIMEOUT = 60_000;

/** A dropped connection before the server accepted a mail's data: the mail can go on another one without risk of a duplicate. */
class ConnectionLost extends Error {
  retryable = true;
}

/** One SMTP connection; mails go through it one after the other. */
class SmtpLine {
  private socket!: net.Socket;
  private buffer = '';
  private lines: string[] = [];
  private waiters: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private failure?: Error;
  private extensions = new Set<string>();
  private authMethods = new Set<string>();
  sent = 0;

  get usable() {
    return this.failure === undefined && !this.socket.destroyed;
  }

  static async open(options: PipelineOptions): Promise<SmtpLine> {
    const line = new SmtpLine();
    try {
      await line.connect(options);
    } catch (error) {
      // A refused login or the like: the half-open session must not linger on the server.
      if (line.socket as net.Socket | undefined) line.quit(true);
      throw error;
    }
    return line;
  }

  private async connect(o: PipelineOptions) {
    const plain = { host: o.host, port: o.port };
    const servername = net.isIP(o.host) ? undefined : o.host;
    const socket = o.secure ? tls.connect({ ...plain, servername, ...o.tls }) : net.connect(plain);
    this.attach(socket);
    await this.within(
      CONNECT_TIMEOUT,
      new Promise<void>((resolve) => socket.once(o.secure ? 'secureConnect' : 'connect', resolve)),
    );
    socket.setNoDelay(true);
    socket.setTimeout(SOCKET_TIMEOUT, () => this.fail(new Error('Zeitüberschreitung: der Mailserver antwortet nicht')));
    this.expect(await this.within(CONNECT_TIMEOUT, this.reply()), 220, 'Begrüßung');
    await this.hello(o.name);
    if (!o.secure && !o.ignoreTLS && (this.extensions.has('STARTTLS') || o.requireTLS)) {
      this.expect((await this.commands(['STARTTLS']))[0], 220, 'STARTTLS');
      const raw = this.socket;
      raw.removeAllListeners('data');
      const secured = tls.connect({ socket: raw, servername, ...o.tls });
      this.attach(secured);
      await this.within(CONNECT_TIMEOUT, new Promise<void>((resolve) => secured.once('secureConnect', resolve)));
      secured.setTimeout(SOCKET_TIMEOUT, () => this.fail(new Error('Zeitüberschreitung: der Mailserver antwortet nicht')));
      await this.hello(o.name);
    }
    if (o.auth) await this.login(o.auth);
  }

  private attach(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.receive(chunk.toString('latin1')));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new ConnectionLost('Der Mailserver hat die Verbindung beendet')));
  }

  private async within<T>(ms: number, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Zeitüberschreitung beim Verbinden mit dem Mailserver')), ms);
    });
    const failed = new Promise<never>((_, reject) => {
      if (this.failure) reject(this.failure);
      else this.onFailure.push(reject);
    });
    try {
      return await Promise.race([promise, timeout, failed]);
    } finally {
      clearTimeout(timer);
    }
  }
  private onFailure: ((e: Error) => void)[] = [];

  private fail(error: Error) {
    if (this.failure) return;
    this.failure = error;
    for (const w of this.waiters.splice(0)) w.reject(error);
    for (const reject of this.onFailure.splice(0)) reject(error);
    this.socket.destroy();
  }

  private receive(chunk: string) {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\n');
    while (end >= 0) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      this.lines.push(line);
      // "250-…" continues a reply, "250 …" (or a bare code) ends it.
      if (line.charAt(3) !== '-') {
        const lines = this.lines;
        this.lines = [];
        const waiter = this.waiters.shift();
        if (!waiter) {
          this.fail(new Error(`Unerwartete Antwort des Mailservers: ${line}`));
          return;
        }
        waiter.resolve({ code: Number(line.slice(0, 3)) || 0, text: lines.join('\n') });
      }
      end = this.buffer.indexOf('\n');
    }
    if (this.buffer.length > 64 * 1024) this.fail(new Error('Antwort des Mailservers zu lang'));
  }

  private reply(): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Writes the commands at once when the server pipelines, else one by one; the replies in order. */
  private async commands(commands: string[]): Promise<Reply[]> {
    if (this.failure) throw this.failure;
    if (this.extensions.has('PIPELINING') || commands.length === 1) {
      const replies = commands.map(() => this.reply());
      this.socket.write(`${commands.join('\r\n')}\r\n`, 'latin1');
      return Promise.all(replies);
    }
    const replies: Reply[] = [];
    for (const command of commands) replies.push(...(await this.commands([command])));
    return replies;
  }

  private expect(reply: Reply, code: number, step: string) {
    if (Math.floor(reply.code / 100) === Math.floor(code / 100) && (code % 100 === 0 || reply.code === code)) return;
    throw new SmtpReplyError(reply.code, `${step}: ${reply.text}`);
  }

  private async hello(name: string) {
    const [reply] = await this.commands([`EHLO ${name}`]);
    if (reply.code !== 250) throw new UnsupportedSmtp(`EHLO: ${reply.text}`);
    this.extensions.clear();
    this.authMethods.clear();
    for (const line of reply.text.split('\n').slice(1)) {
      const [keyword, ...params] = line
        .slice(4)
        .trim()
        .toUpperCase()
        .split(/[\s=]+/);
      this.extensions.add(keyword);
      if (keyword === 'AUTH') for (const p of params) this.authMethods.add(p);
    }
  }

  private async login({ user, pass }: { user: string; pass: string }) {
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    if (this.authMethods.has('PLAIN')) {
      this.expect((await this.commands([`AUTH PLAIN ${b64(`\0${user}\0${pass}`)}`]))[0], 235, 'Anmeldung');
    } else if (this.authMethods.has('LOGIN')) {
      this.expect((await this.commands(['AUTH LOGIN']))[0], 334, 'Anmeldung');
      this.expect((await this.commands([b64(user)]))[0], 334, 'Anmeldung');
      this.expect((await this.commands([b64(pass)]))[0], 235, 'Anmeldung');
    } else {
      throw new UnsupportedSmtp(`AUTH ${[...this.authMethods].join(' ')}`);
    }
  }

  /** One mail: envelope in one round trip, then the data. Leaves the connection ready for the next. */
  async send(from: string, to: string, raw: Buffer): Promise<void> {
    let mail: Reply;
    let rcpt: Reply;
    let data: Reply;
    try {
      [mail, rcpt, data] = await this.commands([`MAIL FROM:<${from}>`, `RCPT TO:<${to}>`, 'DATA']);
      if (data.code === 354 && (mail.code >= 400 || rcpt.code >= 400)) {
        // A server that opened DATA despite a refused envelope gets an empty message it must drop.
        await this.commands(['.']);
        data = { code: 554, text: data.text };
      }
    } catch (error) {
      // Nothing of the mail reached the server yet: safe to send it over another connection.
      throw new ConnectionLost(error instanceof Error ? error.message : String(error));
    }
    if (data.code !== 354) {
      const refused = mail.code >= 400 ? mail : rcpt.code >= 400 ? rcpt : data;
      // 421: the server ends this session (e.g. too many mails on it); another one may take the mail.
      if (refused.code === 421) {
        this.destroy();
        throw new ConnectionLost(refused.text);
      }
      await this.commands(['RSET']).catch(() => {});
      throw new SmtpReplyError(refused.code, `Message failed: ${refused.text}`);
    }
    const done = this.reply();
    // From here the server may have the mail: a lost connection is no longer safe to retry.
    this.socket.write(Buffer.concat([dotStuffed(raw), Buffer.from(raw.at(-1) === 0x0a ? '.\r\n' : '\r\n.\r\n')]));
    let accepted: Reply;
    try {
      accepted = await done;
    } catch (error) {
      // Maybe delivered, maybe not: the caller's retry decides (a possible duplicate, never a loss).
      throw error instanceof ConnectionLost ? new Error(error.message) : error;
    }
    this.sent++;
    if (accepted.code >= 300) throw new SmtpReplyError(accepted.code, `Message failed: ${accepted.text}`);
  }

  /** Says goodbye (QUIT) and closes; `hard` does not wait for the server's answer. */
  quit(hard = false) {
    if (!this.usable) return;
    if (hard) {
      this.socket.end('QUIT\r\n');
      this.destroy();
      return;
    }
    this.commands(['QUIT'])
      .catch(() => {})
      .finally(() => this.socket.end());
  }

  destroy() {
    this.fail(new ConnectionLost('Verbindung geschlossen'));
  }
}

/** Doubles a leading dot of every line (RFC 5321 4.5.2); base64 bodies and headers rarely have one. */
function dotStuffed(raw: Buffer): Buffer {
  if (raw[0] !== 0x2e && raw.indexOf('\n.') < 0) return raw;
  return Buffer.from(raw.toString('latin1').replace(/^\./, '..').replace(/\n\./g, '\n..'), 'latin1');
}

interface Queued {
  to: string;
  raw: Buffer;
  retried: boolean;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Up to `maxConnections` connections carry the queued mails; a connection is replaced
 * after `maxMessages` mails (servers limit mails per session). `ratePerSecond` (0 = none)
 * caps the mails started per second.
 */
export class PipelinedSmtpPool {
  private readonly idle: SmtpLine[] = [];
  private readonly queue: Queued[] = [];
  private busy = 0;
  private opening = 0;
  private windowStart = 0;
  private windowCount = 0;
  private rateTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly options: PipelineOptions,
    private readonly envelopeFrom: string,
    private readonly limits: { maxConnections: number; maxMessages: number; ratePerSecond: number },
  ) {}

  send(to: string, raw: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('Der Mailversand ist beendet.'));
    // SMTPUTF8 and friends: nodemailer's business.
    if (!/^[\x21-\x7e]+$/.test(to) || /[<>]/.test(to) || !/^[\x21-\x7e]*$/.test(this.envelopeFrom))
      return Promise.reject(new UnsupportedSmtp('Adresse mit Nicht-ASCII-Zeichen', 'mail'));
    return new Promise((resolve, reject) => {
      this.queue.push({ to, raw, retried: false, resolve, reject });
      this.pump();
    });
  }

  private rateAllows(): boolean {
    const rate = this.limits.ratePerSecond;
    if (!rate) return true;
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    if (this.windowCount < rate) return true;
    if (!this.rateTimer)
      this.rateTimer = setTimeout(
        () => {
          this.rateTimer = undefined;
          this.pump();
        },
        1000 - (now - this.windowStart),
      );
    return false;
  }

  private pump() {
    while (this.queue.length > 0 && !this.closed) {
      let line = this.idle.pop();
      while (line && !line.usable) line = this.idle.pop();
      if (!line) {
        if (this.busy + this.opening + this.idle.length < this.limits.maxConnections) this.openLine();
        return;
      }
      if (!this.rateAllows()) {
        this.idle.push(line);
        return;
      }
      this.windowCount++;
      const item = this.queue.shift() as Queued;
      this.run(line, item);
    }
  }

  private run(line: SmtpLine, item: Queued) {
    this.busy++;
    line
      .send(this.envelopeFrom, item.to, item.raw)
      .then(
        () => item.resolve(),
        (error: Error) => {
          if (error instanceof ConnectionLost && !item.retried) {
            item.retried = true;
            this.queue.unshift(item);
          } else item.reject(error);
        },
      )
      .finally(() => {
        this.busy--;
        if (line.usable && line.sent < this.limits.maxMessages && !this.closed) this.idle.push(line);
        else line.quit();
        this.pump();
      });
  }

  private openLine() {
    this.opening++;
    SmtpLine.open(this.options).then(
      (line) => {
        this.opening--;
        if (this.closed) return line.quit();
        this.idle.push(line);
        this.pump();
      },
      (error: Error) => {
        this.opening--;
        // Nobody else can carry the queue (server down, login refused): the queued mails fail now, the caller retries later.
        if (this.busy + this.opening + this.idle.length === 0) for (const item of this.queue.splice(0)) item.reject(error);
      },
    );
  }

  close() {
    this.closed = true;
    if (this.rateTimer) clearTimeout(this.rateTimer);
    for (const item of this.queue.splice(0)) item.reject(new Error('Der Mailversand ist beendet.'));
    for (const line of this.idle.splice(0)) line.quit();
  }
}
