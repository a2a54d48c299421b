import { appendAudit } from '../../platform/audit.js';
import { checkOneTimeToken, consumeOneTimeToken, issueOneTimeToken } from '../../platform/auth/one-time-tokens.js';
import { burnTime, hashPassword, NO_PASSWORD, passwordProblem, verifyPassword } from '../../platform/auth/passwords.js';
import { deleteUserSessions } from '../../platform/auth/sessions.js';
import { generateTotpSecret, otpauthUri, verifyTotp } from '../../platform/auth/totp.js';
import type { Executor } from '../../platform/db/database.js';
import type { OneTimeTokenPurpose, StaffRole, UserKind } from '../../platform/db/schema.js';
import type { Principal } from '../../platform/http/request-context.js';
import { enqueueMail } from '../../platform/mail.js';
import type { Platform } from '../../platform/platform.js';
import type { Tenant } from '../../platform/tenancy/repo.js';
import type { FieldErrors } from '../../platform/views/forms.js';
import * as mails from './mails.js';
import * as repo from './repo.js';
import { isThrottled, loginKeys, mayMailAddress, recordFailure, secondFactorKeys } from './throttle.js';
import { collect, emailProblem, hasErrors } from './validation.js';

export type TokenProblem = 'used' | 'expired' | 'unknown';
export type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const invalid = (errors: FieldErrors): Outcome<never> => ({ ok: false, errors });

export const ROLE_LABELS: Record<StaffRole, string> = { admin: 'Administration', editor: 'Redaktion', clerk: 'Sachbearbeitung' };
export const isStaffRole = (value: string): value is StaffRole => value in ROLE_LABELS;

const link = (platform: Platform, tenant: Tenant, path: string, token?: string) =>
  `${platform.config.publicUrl}/${tenant.slug}${path}${token ? `?token=${encodeURIComponent(token)}` : ''}`;

/** Where each kind of mailed link leads. */
const LINK_PATHS: Record<OneTimeTokenPurpose, string> = {
  confirm_email: '/konto/bestaetigen',
  password_reset: '/konto/passwort-neu',
  email_change: '/konto/email-bestaetigen',
  staff_invitation: '/verwaltung/einladung',
};

/** Issues a one-time token for the user (older ones of that purpose stop working) and returns the link carrying it. */
async function issueLink(
  platform: Platform,
  tx: Executor,
  tenant: Tenant,
  userId: string,
  purpose: OneTimeTokenPurpose,
  payload?: Record<string, string>,
) {
  const token = await issueOneTimeToken(tx, { tenantId: tenant.id, userId, purpose, payload });
  return link(platform, tenant, LINK_PATHS[purpose], token);
}

async function sendMail(platform: Platform, tx: Executor, tenant: Tenant, to: string, mail: mails.MailText) {
  await enqueueMail(platform, tx, { tenantId: tenant.id, to, subject: mail.subject, text: mail.text });
}

function newPasswordErrors(password: string, confirm: string, context: { email?: string; name?: string }): FieldErrors {
  const errors: FieldErrors = {};
  collect(errors, 'password', passwordProblem(password, context));
  if (!errors.password && password !== confirm) errors.password_confirm = 'Die beiden Passwörter stimmen nicht überein.';
  return errors;
}

// ---------------------------------------------------------------- citizens

export interface Registration {
  name: string;
  email: string;
  password: string;
  passwordConfirm: string;
}

/**
 * Registers a citizen, or, for a known address, mails "you already have an account":
 * the answer is the same either way (no user enumeration), and the password is hashed
 * in both cases so the timing does not tell either.
 */
export async function registerCitizen(platform: Platform, tenant: Tenant, input: Registration): Promise<Outcome> {
  const errors: FieldErrors = {};
  if (!input.name) errors.name = 'Bitte geben Sie Ihren Vor- und Nachnamen ein.';
  else if (input.name.length > 200) errors.name = 'Der Name darf höchstens 200 Zeichen lang sein.';
  collect(errors, 'email', emailProblem(input.email));
  Object.assign(errors, newPasswordErrors(input.password, input.passwordConfirm, { email: input.email, name: input.name }));
  if (hasErrors(errors)) return invalid(errors);

  const passwordHash = await hashPassword(input.password);
  const email = repo.normalizeEmail(input.email);
  if (!(await mayMailAddress(platform.db, 'register', tenant.id, email))) return ok(undefined);
  await platform.db.transaction().execute(async (tx) => {
    const created = await repo.insertUser(tx, { tenantId: tenant.id, kind: 'citizen', email, name: input.name, passwordHash });
    if (!created) {
      await sendMail(
        platform,
        tx,
        tenant,
        email,
        mails.alreadyRegisteredMail(
          tenant,
          link(platform, tenant, '/konto/anmelden'),
          link(platform, tenant, '/konto/passwort-vergessen'),
        ),
      );
      return;
    }
    const url = await issueLink(platform, tx, tenant, created.id, 'confirm_email');
    await sendMail(platform, tx, tenant, email, mails.confirmRegistrationMail(tenant, url));
  });
  return ok(undefined);
}

/** Sends a fresh confirmation link if the address belongs to an unconfirmed account; silent otherwise. */
export async function resendConfirmation(platform: Platform, tenant: Tenant, email: string): Promise<Outcome> {
  const problem = emailProblem(email);
  if (problem) return invalid({ email: problem });
  const user = await repo.findUserByEmail(platform.db, tenant.id, 'citizen', email);
  if (!user || user.email_confirmed_at || !(await mayMailAddress(platform.db, 'confirm', tenant.id, user.email)))
    return ok(undefined);
  await platform.db.transaction().execute(async (tx) => {
    const url = await issueLink(platform, tx, tenant, user.id, 'confirm_email');
    await sendMail(platform, tx, tenant, user.email, mails.confirmRegistrationMail(tenant, url));
  });
  return ok(undefined);
}

/** For the GET page behind a mailed link: is the link still usable? */
export async function checkLink(
  platform: Platform,
  tenant: Tenant,
  purpose: OneTimeTokenPurpose,
  token: string,
): Promise<TokenProblem | undefined> {
  const check = await checkOneTimeToken(platform.db, tenant.id, purpose, token);
  return check.status === 'valid' ? undefined : check.status;
}

export async function confirmEmail(platform: Platform, tenant: Tenant, token: string): Promise<TokenProblem | undefined> {
  return platform.db.transaction().execute(async (tx) => {
    const check = await consumeOneTimeToken(tx, tenant.id, 'confirm_email', token);
    if (check.status !== 'valid') return check.status;
    await repo.markEmailConfirmed(tx, tenant.id, check.token.user_id);
    return undefined;
  });
}

export type LoginResult =
  | { status: 'ok'; user: repo.User; needsSecondFactor: boolean }
  | { status: 'invalid' }
  | { status: 'throttled' };

/**
 * Checks address and password. Unknown address, wrong password and (for citizens) an
 * unconfirmed address all give the same result; only failures count toward throttling.
 */
export async function authenticate(
  platform: Platform,
  tenant: Tenant,
  kind: UserKind,
  email: string,
  password: string,
  ip: string,
): Promise<LoginResult> {
  const keys = loginKeys(kind, tenant.id, email, ip);
  if (await isThrottled(platform.db, keys)) return { status: 'throttled' };
  const user = email ? await repo.findUserByEmail(platform.db, tenant.id, kind, email) : undefined;
  let passwordOk = false;
  if (user) passwordOk = await verifyPassword(password, user.password_hash);
  else await burnTime(password);
  if (user && passwordOk && (kind === 'staff' || user.email_confirmed_at)) {
    return { status: 'ok', user, needsSecondFactor: kind === 'staff' && user.totp_enabled_at !== null };
  }
  const stillAllowed = await recordFailure(platform.db, keys);
  return stillAllowed ? { status: 'invalid' } : { status: 'throttled' };
}

/** Same answer for known and unknown addresses; a known one gets a one-hour link. */
export async function requestPasswordReset(platform: Platform, tenant: Tenant, email: string): Promise<Outcome> {
  const problem = emailProblem(email);
  if (problem) return invalid({ email: problem });
  const user = await repo.findUserByEmail(platform.db, tenant.id, 'citizen', email);
  if (!user || !(await mayMailAddress(platform.db, 'reset', tenant.id, user.email))) return ok(undefined);
  await platform.db.transaction().execute(async (tx) => {
    const url = await issueLink(platform, tx, tenant, user.id, 'password_reset');
    await sendMail(platform, tx, tenant, user.email, mails.passwordResetMail(tenant, url));
  });
  return ok(undefined);
}

export type LinkOutcome = { ok: true } | { ok: false; errors: FieldErrors } | { ok: false; problem: TokenProblem };

/**
 * Sets a new password from a reset link (or a staff invitation). Ends every other
 * session of the user; following the mailed link also proves the address.
 */
export async function setPasswordFromLink(
  platform: Platform,
  tenant: Tenant,
  purpose: 'password_reset' | 'staff_invitation',
  token: string,
  password: string,
  confirm: string,
  keepSessionHash?: string,
): Promise<LinkOutcome> {
  const check = await checkOneTimeToken(platform.db, tenant.id, purpose, token);
  if (check.status !== 'valid') return { ok: false, problem: check.status };
  const user = await repo.findUserById(platform.db, tenant.id, check.token.user_id);
  if (!user) return { ok: false, problem: 'unknown' };
  const errors = newPasswordErrors(password, confirm, { email: user.email, name: user.name });
  if (hasErrors(errors)) return { ok: false, errors };
  const passwordHash = await hashPassword(password);
  return platform.db.transaction().execute(async (tx): Promise<LinkOutcome> => {
    const used = await consumeOneTimeToken(tx, tenant.id, purpose, token);
    if (used.status !== 'valid') return { ok: false, problem: used.status };
    await repo.setPasswordHash(tx, tenant.id, user.id, passwordHash);
    await repo.markEmailConfirmed(tx, tenant.id, user.id);
    await deleteUserSessions(tx, tenant.id, user.id, keepSessionHash);
    await appendAudit(tx, {
      tenantId: tenant.id,
      actorId: user.id,
      action: purpose === 'password_reset' ? 'account.password_reset' : 'staff.invitation_accepted',
      subject: user.id,
    });
    return { ok: true };
  });
}

/** Checks the current password of a logged-in user; failures count like failed logins. */
async function confirmCurrentPassword(platform: Platform, tenant: Tenant, user: repo.User, password: string, ip: string) {
  const keys = loginKeys(user.kind, tenant.id, user.email, ip);
  if (await isThrottled(platform.db, keys)) return 'Zu viele Fehlversuche. Bitte warten Sie einige Minuten.';
  if (await verifyPassword(password, user.password_hash)) return undefined;
  await recordFailure(platform.db, keys);
  return password ? 'Das Passwort ist nicht korrekt.' : 'Bitte geben Sie Ihr aktuelles Passwort ein.';
}

/**
 * Sends a confirmation link to the new address; the address changes only when that
 * link is used. If the new address is taken, that address learns it, the requester not.
 */
export async function requestEmailChange(
  platform: Platform,
  tenant: Tenant,
  citizen: Principal,
  newEmail: string,
  password: string,
  ip: string,
): Promise<Outcome> {
  const user = await repo.findUserById(platform.db, tenant.id, citizen.userId);
  if (!user) return invalid({ email: 'Ihr Konto wurde nicht gefunden.' });
  const errors: FieldErrors = {};
  collect(errors, 'email', emailProblem(newEmail));
  if (!errors.email && repo.normalizeEmail(newEmail) === user.email) errors.email = 'Das ist bereits Ihre E-Mail-Adresse.';
  collect(errors, 'password', await confirmCurrentPassword(platform, tenant, user, password, ip));
  if (hasErrors(errors)) return invalid(errors);
  const email = repo.normalizeEmail(newEmail);
  if (!(await mayMailAddress(platform.db, 'email-change', tenant.id, email))) return ok(undefined);
  await platform.db.transaction().execute(async (tx) => {
    const taken = await repo.findUserByEmail(tx, tenant.id, 'citizen', email);
    if (taken) {
      await sendMail(platform, tx, tenant, email, mails.emailTakenMail(tenant));
      return;
    }
    const url = await issueLink(platform, tx, tenant, user.id, 'email_change', { email });
    await sendMail(platform, tx, tenant, email, mails.emailChangeMail(tenant, url));
  });
  return ok(undefined);
}

export async function confirmEmailChange(
  platform: Platform,
  tenant: Tenant,
  token: string,
): Promise<TokenProblem | 'taken' | undefined> {
  return platform.db.transaction().execute(async (tx) => {
    const check = await consumeOneTimeToken(tx, tenant.id, 'email_change', token);
    if (check.status !== 'valid') return check.status;
    const user = await repo.findUserById(tx, tenant.id, check.token.user_id);
    const email = check.token.payload.email;
    if (!user || !email) return 'unknown';
    const taken = await repo.findUserByEmail(tx, tenant.id, 'citizen', email);
    if (taken && taken.id !== user.id) return 'taken';
    await repo.changeEmail(tx, tenant.id, user.id, email);
    await sendMail(platform, tx, tenant, user.email, mails.emailChangedNoticeMail(tenant));
    await appendAudit(tx, { tenantId: tenant.id, actorId: user.id, action: 'account.email_changed', subject: user.id });
    return undefined;
  });
}

/**
 * Deletes the citizen's account: the user row with its sessions and links (personal
 * data), while the audit log keeps, by id only, that it happened.
 */
export async function deleteCitizenAccount(
  platform: Platform,
  tenant: Tenant,
  citizen: Principal,
  password: string,
  ip: string,
): Promise<Outcome> {
  const user = await repo.findUserById(platform.db, tenant.id, citizen.userId);
  if (user?.kind !== 'citizen') return invalid({ password: 'Ihr Konto wurde nicht gefunden.' });
  const problem = await confirmCurrentPassword(platform, tenant, user, password, ip);
  if (problem) return invalid({ password: problem });
  await platform.db.transaction().execute(async (tx) => {
    await repo.deleteUser(tx, tenant.id, user.id);
    await appendAudit(tx, {
      tenantId: tenant.id,
      actorId: user.id,
      action: 'account.deleted',
      subject: user.id,
      details: { kind: 'citizen' },
    });
  });
  return ok(undefined);
}

// ---------------------------------------------------------------- staff

/** Verifies a TOTP code for a staff member; each code works once. */
async function acceptTotpCode(platform: Platform, tenant: Tenant, userId: string, secret: string, code: string) {
  const step = verifyTotp(secret, code);
  return step !== undefined && (await repo.claimTotpStep(platform.db, tenant.id, userId, step));
}

export type SecondFactorResult = 'ok' | 'invalid' | 'throttled';

export async function verifySecondFactor(
  platform: Platform,
  tenant: Tenant,
  userId: string,
  code: string,
): Promise<SecondFactorResult> {
  const keys = secondFactorKeys(tenant.id, userId);
  if (await isThrottled(platform.db, keys)) return 'throttled';
  const user = await repo.findUserById(platform.db, tenant.id, userId);
  if (user?.totp_secret && user.totp_enabled_at && (await acceptTotpCode(platform, tenant, userId, user.totp_secret, code)))
    return 'ok';
  return (await recordFailure(platform.db, keys)) ? 'invalid' : 'throttled';
}

export async function recordStaffLogin(platform: Platform, tenant: Tenant, userId: string) {
  await appendAudit(platform.db, { tenantId: tenant.id, actorId: userId, action: 'staff.login', subject: userId });
}

export interface StaffInput {
  name: string;
  email: string;
  role: string;
  departmentId: string;
}

async function staffInputErrors(platform: Platform, tenant: Tenant, input: StaffInput): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (!input.name) errors.name = 'Bitte geben Sie den Namen ein.';
  collect(errors, 'email', emailProblem(input.email));
  if (!isStaffRole(input.role)) errors.role = 'Bitte wählen Sie eine Rolle.';
  if (input.departmentId) {
    const department = await platform.db
      .selectFrom('departments')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .where('id', '=', /^[0-9a-f-]{36}$/i.test(input.departmentId) ? input.departmentId : '00000000-0000-0000-0000-000000000000')
      .executeTakeFirst();
    if (!department) errors.department = 'Bitte wählen Sie einen Fachbereich aus der Liste.';
  } else if (input.role === 'clerk') {
    errors.department = 'Sachbearbeiterinnen und Sachbearbeiter brauchen einen Fachbereich.';
  }
  return errors;
}

/** Creates a staff member without a password and mails an invitation link to set one. */
export async function inviteStaff(
  platform: Platform,
  tenant: Tenant,
  actor: Principal,
  input: StaffInput,
): Promise<Outcome<repo.User>> {
  const errors = await staffInputErrors(platform, tenant, input);
  if (hasErrors(errors)) return invalid(errors);
  return platform.db.transaction().execute(async (tx) => {
    const user = await repo.insertUser(tx, {
      tenantId: tenant.id,
      kind: 'staff',
      email: input.email,
      name: input.name,
      passwordHash: NO_PASSWORD,
      role: input.role as StaffRole,
      departmentId: input.departmentId || null,
    });
    if (!user) return invalid({ email: 'Für diese E-Mail-Adresse gibt es bereits einen Zugang zur Verwaltung.' });
    const url = await issueLink(platform, tx, tenant, user.id, 'staff_invitation');
    await sendMail(platform, tx, tenant, user.email, mails.staffInvitationMail(tenant, url));
    await appendAudit(tx, {
      tenantId: tenant.id,
      actorId: actor.userId,
      action: 'staff.invited',
      subject: user.id,
      details: { role: user.role },
    });
    return ok(user);
  });
}

/** Sends a new invitation to a staff member who has not set a password yet. */
export async function reinviteStaff(platform: Platform, tenant: Tenant, actor: Principal, userId: string): Promise<boolean> {
  const user = await repo.findUserById(platform.db, tenant.id, userId);
  if (user?.kind !== 'staff' || user.password_hash !== NO_PASSWORD) return false;
  await platform.db.transaction().execute(async (tx) => {
    const url = await issueLink(platform, tx, tenant, user.id, 'staff_invitation');
    await sendMail(platform, tx, tenant, user.email, mails.staffInvitationMail(tenant, url));
    await appendAudit(tx, { tenantId: tenant.id, actorId: actor.userId, action: 'staff.reinvited', subject: user.id });
  });
  return true;
}

/**
 * The CLI's way in: a staff member with the given password (policy-checked), or, without
 * one, an invitation link to print. Everything in one transaction: nothing half-written.
 */
export async function createStaffAccount(
  platform: Platform,
  tenant: Tenant,
  input: { email: string; name: string; role: StaffRole; departmentId: string | null; password?: string },
): Promise<Outcome<{ user: repo.User; invitationLink?: string }>> {
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, { email: input.email, name: input.name });
    if (problem) return invalid({ password: problem });
  }
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : NO_PASSWORD;
  return platform.db.transaction().execute(async (tx) => {
    const user = await repo.insertUser(tx, {
      tenantId: tenant.id,
      kind: 'staff',
      email: input.email,
      name: input.name,
      passwordHash,
      role: input.role,
      departmentId: input.departmentId,
      emailConfirmedAt: input.password !== undefined ? new Date() : null,
    });
    if (!user) return invalid({ email: 'Für diese E-Mail-Adresse gibt es bereits einen Zugang zur Verwaltung.' });
    await appendAudit(tx, {
      tenantId: tenant.id,
      actorId: null,
      action: 'staff.created',
      subject: user.id,
      details: { role: user.role, via: 'cli' },
    });
    if (input.password !== undefined) return ok({ user });
    return ok({ user, invitationLink: await issueLink(platform, tx, tenant, user.id, 'staff_invitation') });
  });
}

export interface TotpSetup {
  enabled: boolean;
  secret?: string;
  uri?: string;
}

/** The secret to enter into an authenticator app; kept until enabled, so a reload shows the same one. */
export async function startTotpSetup(platform: Platform, tenant: Tenant, staff: Principal): Promise<TotpSetup> {
  const user = await repo.findUserById(platform.db, tenant.id, staff.userId);
  if (!user) return { enabled: false };
  if (user.totp_enabled_at) return { enabled: true };
  let secret = user.totp_secret;
  if (!secret) {
    secret = generateTotpSecret();
    await repo.setTotp(platform.db, tenant.id, user.id, { secret, enabledAt: null, lastStep: null });
  }
  return { enabled: false, secret, uri: otpauthUri(secret, `Rathaus ${tenant.name}`, user.email) };
}

export async function enableTotp(
  platform: Platform,
  tenant: Tenant,
  staff: Principal,
  code: string,
  keepSessionHash?: string,
): Promise<Outcome> {
  const user = await repo.findUserById(platform.db, tenant.id, staff.userId);
  if (!user?.totp_secret || user.totp_enabled_at) return invalid({ code: 'Bitte laden Sie die Seite neu.' });
  const step = verifyTotp(user.totp_secret, code);
  if (step === undefined) {
    return invalid({
      code: code
        ? 'Der Code stimmt nicht. Prüfen Sie die Uhrzeit Ihres Geräts und geben Sie den aktuellen Code ein.'
        : 'Bitte geben Sie den Code aus Ihrer App ein.',
    });
  }
  await platform.db.transaction().execute(async (tx) => {
    await repo.setTotp(tx, tenant.id, user.id, { secret: user.totp_secret, enabledAt: new Date(), lastStep: step });
    // Sessions opened without the second factor end; this one stays.
    await deleteUserSessions(tx, tenant.id, user.id, keepSessionHash);
    await appendAudit(tx, { tenantId: tenant.id, actorId: user.id, action: 'staff.totp_enabled', subject: user.id });
  });
  return ok(undefined);
}

export async function disableTotp(platform: Platform, tenant: Tenant, staff: Principal, code: string): Promise<Outcome> {
  const user = await repo.findUserById(platform.db, tenant.id, staff.userId);
  if (!user?.totp_secret || !user.totp_enabled_at) return ok(undefined);
  if (!(await acceptTotpCode(platform, tenant, user.id, user.totp_secret, code))) {
    return invalid({ code: code ? 'Der Code stimmt nicht.' : 'Bitte geben Sie den Code aus Ihrer App ein.' });
  }
  await platform.db.transaction().execute(async (tx) => {
    await repo.setTotp(tx, tenant.id, user.id, { secret: null, enabledAt: null, lastStep: null });
    await appendAudit(tx, { tenantId: tenant.id, actorId: user.id, action: 'staff.totp_disabled', subject: user.id });
  });
  return ok(undefined);
}
