import { resolve } from 'node:path';
import { z } from 'zod';

/** Everything Rathaus reads from the environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Unset: embedded PGlite under dataDir. */
  databaseUrl?: string;
  /** Unset: mails are captured in the database (Postausgang). */
  smtpUrl?: string;
  mailFrom: string;
  publicUrl: string;
  /** Used to sign CSRF tokens; generated and stored in the database when unset. */
  sessionSecret?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  bodyLimitBytes: number;
  dbPoolSize: number;
  /** Seed the demo tenants on an empty database (default on for the embedded engine). */
  seedDemo: boolean;
  /** JSON API requests per client IP and minute, over all processes; 0 = unlimited. */
  rateLimitApiPerMinute: number;
  /** SMTP connections a process keeps open and sends over at once. */
  smtpPoolSize: number;
  /** Mails per second and process at most (SMTP); 0 = as fast as the server accepts them. */
  mailRatePerSecond: number;
  /** Mail delivery jobs (e.g. batches of a mass mailing) one process works on at once. */
  mailJobConcurrency: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Ungültige Konfiguration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'muss eine ganze Zahl sein')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `muss zwischen ${min} und ${max} liegen`);

const urlWithProtocols = (protocols: string[], example: string) =>
  z.string().refine((value) => {
    try {
      const url = new URL(value);
      return protocols.includes(url.protocol) && url.hostname !== '';
    } catch {
      return false;
    }
  }, `muss eine Adresse der Form ${example} sein`);

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'ja', 'nein'], { message: 'muss true oder false sein' })
  .transform((v) => ['1', 'true', 'yes', 'ja'].includes(v));

const schema = z.object({
  PORT: intIn(0, 65535).optional(),
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:'], 'postgres://benutzer:passwort@host:5432/datenbank').optional(),
  SMTP_URL: urlWithProtocols(['smtp:', 'smtps:'], 'smtp://benutzer:passwort@mail.example.org:587').optional(),
  MAIL_FROM: z.string().min(3).optional(),
  PUBLIC_URL: urlWithProtocols(['http:', 'https:'], 'https://rathaus.example.org').optional(),
  SESSION_SECRET: z.string().min(32, 'muss mindestens 32 Zeichen lang sein').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  TRUST_PROXY: bool.optional(),
  SESSION_IDLE_MINUTES: intIn(1, 24 * 60).optional(),
  SESSION_ABSOLUTE_HOURS: intIn(1, 24 * 30).optional(),
  BODY_LIMIT_BYTES: intIn(1024, 100 * 1024 * 1024).optional(),
  DB_POOL_SIZE: intIn(1, 200).optional(),
  SEED_DEMO: bool.optional(),
  RATE_LIMIT_API_PER_MINUTE: intIn(0, 1_000_000).optional(),
  SMTP_POOL_SIZE: intIn(1, 100).optional(),
  MAIL_RATE_PER_SECOND: intIn(0, 1_000_000).optional(),
  MAIL_JOB_CONCURRENCY: intIn(1, 64).optional(),
});

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset: `FOO= npm start` should not be an error.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const port = e.PORT ?? 3000;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    port,
    host: e.HOST ?? '127.0.0.1',
    dataDir: resolve(e.DATA_DIR ?? 'data'),
    databaseUrl: e.DATABASE_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `Rathaus <noreply@${new URL(publicUrl).hostname}>`,
    publicUrl,
    sessionSecret: e.SESSION_SECRET,
    logLevel: e.LOG_LEVEL ?? 'info',
    trustProxy: e.TRUST_PROXY ?? false,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES ?? 60,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS ?? 12,
    bodyLimitBytes: e.BODY_LIMIT_BYTES ?? 1024 * 1024,
    dbPoolSize: e.DB_POOL_SIZE ?? 10,
    seedDemo: e.SEED_DEMO ?? !e.DATABASE_URL,
    rateLimitApiPerMinute: e.RATE_LIMIT_API_PER_MINUTE ?? 300,
    smtpPoolSize: e.SMTP_POOL_SIZE ?? 10,
    mailRatePerSecond: e.MAIL_RATE_PER_SECOND ?? 0,
    mailJobConcurrency: e.MAIL_JOB_CONCURRENCY ?? 4,
  };
}

/** True when cookies must carry the Secure flag. */
export const isHttps = (config: Config) => config.publicUrl.startsWith('https:');
