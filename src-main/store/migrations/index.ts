// The ordered list of schema migrations this build of the app knows; append new files, never edit old ones.
import type { Migration } from '../migrate';
import * as m001 from './001-initial';
import * as m002 from './002-margin-indexes';
import * as m003 from './003-lean-pair-indexes';
import * as m004 from './004-mars-ledger';
import * as m005 from './005-job-owners';
import * as m006 from './006-discovery';
import * as m007 from './007-reform-ledger';

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007];

/** The schema version a project has once every known migration ran. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
