// Typed failures of autogenerate. Each is a UserError (one line, exit 1): the user can act on
// it, by writing the downgrade by hand or by changing the models.
import { UserError } from '../errors.js';
import type { Operation } from '../ops/operations.js';

/**
 * An operation with no known inverse: raw SQL, inserted rows, or a drop that does not carry
 * what it dropped. The downgrade is never built with a step silently missing.
 *
 * @example try { reverseOps([{ kind: 'execute', sql: 'UPDATE t SET a = 1' }]) } catch (e) { e instanceof IrreversibleOperationError }
 */
export class IrreversibleOperationError extends UserError {
  constructor(
    /** The operation that cannot be reversed. */
    readonly op: Operation,
    /** Its position in the list given to `reverseOps`. */
    readonly position: number,
    reason: string,
  ) {
    super(`Cannot reverse operation #${position + 1} (${op.kind}): ${reason}`, 'Write this step of the downgrade by hand.', { code: 'IRREVERSIBLE' });
    this.name = 'IrreversibleOperationError';
  }
}

/**
 * An operation the `op` API of a migration cannot express (a table in another database
 * schema, a foreign key to one), so no source can be written that would do it.
 *
 * @example new RenderError(op, "op.createTable() takes no database schema (table 'audit.log')")
 */
export class RenderError extends UserError {
  constructor(
    readonly op: Operation,
    reason: string,
  ) {
    super(`Cannot write operation ${op.kind} as migration code: ${reason}`, 'Write this step by hand with op.execute(), or leave the object out with the `include` filter.', { code: 'RENDER_FAILED' });
    this.name = 'RenderError';
  }
}
