import { seedFormsDemo } from '../../demo/forms/seed.js';
import type { RathausModule } from '../../platform/module.js';
import { apiRoutes } from './api-routes.js';
import { citizenRoutes } from './citizen-routes.js';

export { checkSubmissionData, type FieldMessages } from './check-data.js';
export { compileToJsonSchema } from './compile-schema.js';
export { conditionHolds, computeValues, dropHiddenAnswers } from './conditions.js';
export type { DefinitionInput, ProcedureDefinition } from './definition.js';
export { definitionFormatJsonSchema } from './definition.js';
export { listPublishedProcedures, loadPublishedProcedure, publishProcedureVersion, type PublishedProcedure } from './service.js';
export { assertValidDefinition, validateDefinition } from './validate-definition.js';

/** Online procedures (Werkzeugkasten): definitions, the citizen's application, submissions API. */
export const formsModule: RathausModule = {
  name: 'forms',
  siteRoutes: citizenRoutes,
  apiRoutes,
  seedDemo: seedFormsDemo,
};
