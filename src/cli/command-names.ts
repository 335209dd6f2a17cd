/**
 * The commands of src/cli/main.ts. Each keeps its own compiled code: kept code holds the functions
 * compiled by the run that wrote it, and is written once, so one shared by `heads` and `upgrade`
 * would hold only what the first of them ran.
 */
export const COMMANDS: readonly string[] = ['init', 'list-templates', 'revision', 'check', 'test', 'import-alembic', 'merge', 'upgrade', 'downgrade', 'stamp', 'current', 'heads', 'branches', 'history', 'show'];
