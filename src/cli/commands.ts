import { accountCommands } from './accounts.js';
import { auditCommands } from './audit.js';
import { catalogCommands } from './catalog.js';
import { proceduresCommands } from './procedures.js';
import { filesCommands } from './files.js';
import { mailCommands } from './mail.js';
import { tenantCommands } from './tenant.js';

/** A CLI subcommand: `rathaus <name> [sub] …`. */
export interface CliCommand {
  name: string;
  sub?: string;
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

/** Every command besides serve, migrate and seed. */
export const commands: CliCommand[] = [...tenantCommands, ...accountCommands, ...auditCommands, ...mailCommands, ...catalogCommands, ...proceduresCommands, ...filesCommands];
