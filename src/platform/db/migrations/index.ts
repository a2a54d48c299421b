import type { Migration } from 'kysely';
import * as m0001 from './0001_platform.js';
import * as m0002 from './0002_accounts.js';
import * as m0003 from './0003_mail.js';
import * as m0004 from './0004_audit.js';
import * as m0005 from './0005_rate_limits.js';
import * as m0006 from './0006_catalog.js';
import * as m0007 from './0007_catalog_admin.js';
import * as m0008 from './0008_content.js';
import * as m0009 from './0009_forms.js';
import * as m0010 from './0010_channel.js';
import * as m0011 from './0011_catalog_search_perf.js';
import * as m0012 from './0012_cases.js';
import * as m0013 from './0013_documents.js';
import * as m0014 from './0014_appointments.js';
import * as m0015 from './0015_halls.js';
import * as m0016 from './0016_procedure_library.js';
import * as m0017 from './0017_cases_perf.js';
import * as m0018 from './0018_appointments_perf.js';
import * as m0019 from './0019_documents_search_perf.js';
import * as m0020 from './0020_tenant_stamp_notify.js';
import * as m0021 from './0021_channel_schedule.js';
import * as m0022 from './0022_forms_draft_links.js';
import * as m0023 from './0023_appointment_counters.js';
import * as m0024 from './0024_channel_fanout_progress.js';

/**
 * Every migration, in order. Listed explicitly (no directory scan) so the set is the
 * same under tsx, a bundle or tests. Add new ones at the end, never edit applied ones.
 */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_accounts': m0002,
  '0003_mail': m0003,
  '0004_audit': m0004,
  '0005_rate_limits': m0005,
  '0006_catalog': m0006,
  '0007_catalog_admin': m0007,
  '0008_content': m0008,
  '0009_forms': m0009,
  '0010_channel': m0010,
  '0011_catalog_search_perf': m0011,
  '0012_cases': m0012,
  '0013_documents': m0013,
  '0014_appointments': m0014,
  '0015_halls': m0015,
  '0016_procedure_library': m0016,
  '0017_cases_perf': m0017,
  '0018_appointments_perf': m0018,
  '0019_documents_search_perf': m0019,
  '0020_tenant_stamp_notify': m0020,
  '0021_channel_schedule': m0021,
  '0022_forms_draft_links': m0022,
  '0023_appointment_counters': m0023,
  '0024_channel_fanout_progress': m0024,
};
