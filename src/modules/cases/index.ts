import type { FastifyPluginAsync } from 'fastify';
import type { RathausModule } from '../../platform/module.js';
import { onSubmissionReceived } from '../forms/index.js';
import { apiRoutes } from './api-routes.js';
import { applicantRoutes } from './applicant-routes.js';
import { seedCasesDemo } from './demo.js';
import { defineRetentionJob, scheduleNextRetention } from './retention.js';
import { openCaseForSubmission } from './service.js';
import { staffRoutes } from './staff-routes.js';
import { defineSubmissionPdf } from './submission-pdf.js';

export { RETENTION_JOB, runRetention } from './retention.js';
export {
  type CaseRow,
  type CaseState,
  findCaseByStatusToken,
  type Outcome,
  openCaseForSubmission,
  STATE_LABELS,
} from './service.js';
export { fileSubmissionPdf, SUBMISSION_PDF_JOB } from './submission-pdf.js';

const siteRoutes: FastifyPluginAsync = async (app) => {
  await app.register(staffRoutes);
  await app.register(applicantRoutes);
};

/** Case processing (Vorgänge): inbox, case file, Rückfrage, Bescheid, postbox, retention. */
export const casesModule: RathausModule = {
  name: 'cases',
  async setup(platform) {
    // Every submission, on every channel, opens its case in the same transaction.
    onSubmissionReceived(openCaseForSubmission);
    defineSubmissionPdf(platform);
    defineRetentionJob(platform);
    // The first run shortly after start; each run queues the next day's.
    await scheduleNextRetention(platform, new Date(Date.now() + 5 * 60 * 1000));
  },
  siteRoutes,
  apiRoutes,
  staffNav: [
    { path: '/vorgaenge', label: 'Vorgänge', roles: ['admin', 'clerk'] },
    { path: '/vorgangskennzahlen', label: 'Kennzahlen Vorgänge', roles: ['admin'] },
    { path: '/aufbewahrungsfristen', label: 'Aufbewahrungsfristen', roles: ['admin'] },
  ],
  accountNav: [{ path: '/konto/antraege', label: 'Meine Anträge' }],
  seedDemo: seedCasesDemo,
};
