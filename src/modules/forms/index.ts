import { seedFormsDemo } from '../../demo/forms/seed.js';
import { registerBlobReferences } from '../../platform/blob-references.js';
import { defineDailyJob } from '../../platform/daily-job.js';
import type { RathausModule } from '../../platform/module.js';
import { builderRoutes, formsStaffNav } from './admin/routes.js';
import { apiRoutes } from './api-routes.js';
import { citizenRoutes } from './citizen-routes.js';
import { DRAFT_PURGE_JOB, purgeExpiredDrafts } from './draft-purge.js';
import { submissionOrDraftNamesBlob } from './repo.js';

export { answerLines, computedLines } from './answers-text.js';
export { checkSubmissionData, type FieldMessages } from './check-data.js';
export { compileToJsonSchema } from './compile-schema.js';
export { purgeExpiredDrafts } from './draft-purge.js';
export { computeValues, conditionHolds, dropHiddenAnswers } from './conditions.js';
export type { DecisionTemplate, DefinitionInput, ProcedureDefinition } from './definition.js';
export { definitionFormatJsonSchema } from './definition.js';
export {
  eraseSubmissionData,
  listPublishedProcedures,
  loadPublishedProcedure,
  loadSubmissionData,
  onSubmissionReceived,
  type PublishedProcedure,
  publishProcedureVersion,
  type ReceivedSubmission,
  type SubmissionReceivedHandler,
  type SubmissionReceivedResult,
  submitApplication,
} from './service.js';
export type { FileAnswer } from './tables.js';
export { assertValidDefinition, validateDefinition } from './validate-definition.js';

/** Online procedures (Werkzeugkasten): definitions, the citizen's application, submissions API. */
export const formsModule: RathausModule = {
  name: 'forms',
  async setup(platform) {
    registerBlobReferences('forms.files', submissionOrDraftNamesBlob);
    await defineDailyJob(platform, DRAFT_PURGE_JOB, () => purgeExpiredDrafts(platform.db));
  },
  siteRoutes: async (app) => {
    await app.register(citizenRoutes);
    await app.register(builderRoutes);
  },
  staffNav: formsStaffNav,
  apiRoutes,
  seedDemo: seedFormsDemo,
};
