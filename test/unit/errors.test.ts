// Every public error has a stable code, and the classes form the hierarchy scripts catch by.
import { expect, it } from 'vitest';
import { DriftError, MigrationError, MultipleHeadsError, RangeNotAncestorError, ResolutionError, RevisionError, UserError } from '../../src/errors.js';

it('codes and the class chain', () => {
  const heads = new MultipleHeadsError(['x', 'y'], 'head');
  expect(heads).toBeInstanceOf(RevisionError);
  expect(heads).toBeInstanceOf(UserError);
  expect(heads.code).toBe('MULTIPLE_HEADS');
  expect(new ResolutionError('m', 'zz').code).toBe('UNKNOWN_REVISION');
  expect(new RangeNotAncestorError('a', 'b').code).toBe('RANGE_NOT_ANCESTOR');
  expect(new UserError('m').code).toBe('USER_ERROR');
  expect(new UserError('m', undefined, { code: 'LOCK_TIMEOUT' }).code).toBe('LOCK_TIMEOUT');
  const drift = new DriftError(['+ table a']);
  expect(drift.code).toBe('DRIFT');
  expect(drift.message).toBe('The models differ from the database: 1 change not in any revision');
  const failed = new MigrationError('m', 'h', 'r1', [{ revision: 'r0', direction: 'up', message: 'x', ms: 1 }], new Error('cause'), 'partial');
  expect([failed.code, failed.revision, failed.outcome, failed.applied.length]).toEqual(['MIGRATION_FAILED', 'r1', 'partial', 1]);
  expect(new Error('m')).not.toBeInstanceOf(UserError);
});
