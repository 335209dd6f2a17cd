// The CLI's start-up file carries its own copy of the error classes (scripts/build.mjs), so an
// error thrown by a command loaded from the shared chunks is an instance of a *different*
// UserError class. `instanceof` must still answer by kind.
import { expect, it } from 'vitest';
import * as a from '../../src/errors.js';
// @ts-expect-error: a second instance of the same module, as a separate bundle would hold
import * as b from '../../src/errors.ts?second-copy';

const B = b as typeof a;

it('is a second copy of the classes', () => {
  expect(B.UserError).not.toBe(a.UserError);
});

it('instanceof answers by kind across copies, up the class chain', () => {
  const heads = new B.MultipleHeadsError(['x', 'y'], 'head');
  expect(heads instanceof a.MultipleHeadsError).toBe(true);
  expect(heads instanceof a.RevisionError).toBe(true);
  expect(heads instanceof a.UserError).toBe(true);
  expect(heads instanceof Error).toBe(true);
  expect(heads instanceof a.ResolutionError).toBe(false);
  expect(heads instanceof a.RangeNotAncestorError).toBe(false);
  expect(new B.ResolutionError('m', 'arg') instanceof a.ResolutionError).toBe(true);
  expect(new B.UserError('m') instanceof a.RevisionError).toBe(false);
});

it('a subclass declared elsewhere still reads as a user error', () => {
  class Elsewhere extends B.UserError {}
  expect(new Elsewhere('m') instanceof a.UserError).toBe(true);
  expect(new Error('m') instanceof a.UserError).toBe(false);
  expect(null instanceof a.UserError).toBe(false);
  expect({ name: 'UserError' } instanceof a.UserError).toBe(false);
});
