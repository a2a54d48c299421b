/**
 * Delivery of a published message. The fan-out job writes one delivery row per
 * recipient and one batch job per BATCH_SIZE recipients in steps, each its own
 * transaction: the first step writes one batch, so its mails go out at once while the
 * later, growing steps write the rest. The message row keeps the cursor (0024); the last
 * step marks the message as fanned out (so a repeated run does nothing). A batch job
 * sends the batch's pending deliveries CHUNK_SIZE at a time and marks each chunk with one
 * UPDATE right after it went out.
 *
 * Crash bound: a worker killed mid-batch leaves the deliveries it had not yet marked
 * as pending; the batch job's retry sends exactly those. Mails of the chunk in flight
 * (sent, not yet marked) go out again: at most CHUNK_SIZE duplicates per batch job in
 * flight, never more than the batch; a process runs MAIL_JOB_CONCURRENCY batch jobs at
 * once, so a killed process repeats at most CHUNK_SIZE × MAIL_JOB_CONCURRENCY mails.
 * Nobody is missed: a delivery leaves `pending` only once its mail was accepted (or
 * after the last retry, as `failed`). A fan-out killed between steps goes on from the
 * cursor when its job is retried.
 */

import type { JobRun } from '../../platform/jobs.js';
import { deliverMailsNow } from '../../platform/mail.js';
import type { Platform } from '../../platform/platform.js';
import { DELIVER_JOB, FANOUT_JOB } from './job-names.js';
import { manageTokenSigner } from './links.js';
import { channelMessageMailer } from './mails.js';
import * as repo from './repo.js';
import { loadChannelMessage } from './service.js';

/** Recipients per batch job: a job costs milliseconds, a mail about one. */
export const BATCH_SIZE = 500;
/** Mails sent in parallel and then marked together; bounds the duplicates after a crash. */
export const CHUNK_SIZE = 100;
/**
 * Batches of a fan-out step: the first writes one, so its mails go out at once; each
 * later one as many as were written before, up to STEP_BATCHES. Growing slowly keeps the
 * early steps short: on PGlite a step holds the one connection, and the first batch's
 * own queries wait behind it.
 */
export const STEP_BATCHES = 20;
const stepBatches = (written: number) => Math.min(STEP_BATCHES, Math.max(1, written));

export interface FanOutData {
  tenantId: string;
  messageId: string;
}
export interface BatchData extends FanOutData {
  batch: number;
}

export function defineChannelJobs(platform: Platform) {
  platform.jobs.define<FanOutData>({
    name: FANOUT_JOB,
    pollingIntervalSeconds: 1,
    handle: (data) => fanOutMessage(platform, data),
  });
  platform.jobs.define<BatchData>({
    name: DELIVER_JOB,
    retryLimit: platform.mail.retryLimit,
    retryDelay: platform.mail.retryDelaySeconds,
    pollingIntervalSeconds: 1,
    // MAIL_JOB_CONCURRENCY batches at once: while one waits for SMTP, another builds its mails.
    concurrency: platform.config.mailJobConcurrency,
    handle: (data, run) => deliverBatch(platform, data, run),
  });
}

/** Creates the deliveries and queues a job per batch, step by step; does nothing once complete. */
export async function fanOutMessage(platform: Platform, data: FanOutData, batchSize = BATCH_SIZE) {
  while (!(await fanOutStep(platform, data, batchSize))) {}
}

/**
 * One step of the fan-out in its own transaction: the deliveries of the next subscribers
 * after the cursor and a job per batch of them. True when the fan-out is complete.
 */
export async function fanOutStep(platform: Platform, { tenantId, messageId }: FanOutData, batchSize = BATCH_SIZE) {
  return platform.db.transaction().execute(async (tx) => {
    const progress = await repo.lockFanOut(tx, tenantId, messageId);
    if (!progress) return true;
    const first = progress.fanout_batches;
    const limit = batchSize * stepBatches(first);
    const { n, last } = await repo.insertDeliveryStep(tx, tenantId, messageId, {
      after: progress.fanout_cursor,
      firstBatch: first,
      limit,
      batchSize,
    });
    const batches = Math.ceil(n / batchSize);
    for (let batch = first; batch < first + batches; batch++) {
      await platform.jobs.send(DELIVER_JOB, { tenantId, messageId, batch } satisfies BatchData, {
        tx,
        retryLimit: platform.mail.retryLimit,
        retryDelay: platform.mail.retryDelaySeconds,
      });
    }
    const complete = n < limit;
    await repo.recordFanOutStep(tx, tenantId, messageId, {
      cursor: last ?? progress.fanout_cursor,
      batches: first + batches,
      complete,
    });
    return complete;
  });
}

const findTenant = (platform: Platform, tenantId: string) =>
  platform.db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();

/**
 * Sends the batch's pending deliveries. Throws when some could not be sent, so the
 * queue retries the job with backoff; the retry sends only what is still pending.
 */
export async function deliverBatch(
  platform: Platform,
  { tenantId, messageId, batch }: BatchData,
  run?: Pick<JobRun, 'lastAttempt'>,
) {
  const { db } = platform;
  const pending = await repo.pendingDeliveries(db, tenantId, messageId, batch);
  if (pending.length === 0) return;
  const [tenant, message] = await Promise.all([findTenant(platform, tenantId), loadChannelMessage(db, tenantId, messageId)]);
  if (!tenant || !message) return;
  const sign = await manageTokenSigner(platform);
  const site = `${platform.config.publicUrl}/${tenant.slug}`;
  const web = `${site}/infokanal/meldung/${message.id}`;
  const mailFor = channelMessageMailer(tenant, message);
  const final = run?.lastAttempt ?? false;
  let failed = 0;
  for (let i = 0; i < pending.length; i += CHUNK_SIZE) {
    const chunk = pending.slice(i, i + CHUNK_SIZE);
    const mails = chunk.map((d) => {
      const token = encodeURIComponent(sign(tenantId, { id: d.subscriber_id, link_version: d.link_version }));
      const unsubscribe = `${site}/infokanal/abmelden?token=${token}`;
      const content = mailFor({ web, manage: `${site}/infokanal/abo?token=${token}`, unsubscribe });
      return {
        tenantId,
        to: d.email,
        ...content,
        headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      };
    });
    const results = await deliverMailsNow(platform, mails, CHUNK_SIZE);
    const sent = chunk.filter((_, k) => results[k].ok).map((d) => d.subscriber_id);
    const failures = chunk.flatMap((d, k) => {
      const r = results[k];
      return r.ok ? [] : [{ subscriberId: d.subscriber_id, error: r.error }];
    });
    await repo.markDeliveriesSent(db, tenantId, messageId, sent);
    if (failures.length > 0) {
      await repo.markDeliveriesFailed(db, tenantId, messageId, failures, final);
      failed += failures.length;
      // Nothing of a whole chunk went out: the server is down; the retry goes on from here.
      if (sent.length === 0 && !final) break;
    }
  }
  if (failed > 0)
    throw new Error(
      `${failed} Mails des Infokanals konnten nicht zugestellt werden; sie bleiben für den nächsten Versuch vorgemerkt.`,
    );
}
