// What `--help` says of a command's flags, as a user reads it.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Project } from '../helpers/project.js';

let p: Project;
beforeEach(() => {
  p = new Project();
});
afterEach(() => p.remove());

it('a negated flag reads as what it does, not "(default: true)", and no line ends in a space', () => {
  for (const [command, flag] of [['upgrade', '--no-backup'], ['downgrade', '--no-backup'], ['import-alembic', '--no-alembic']] as const) {
    const r = p.ambix(command, '--help');
    expect(r.code, r.stderr).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.trimStart().startsWith(flag));
    expect(line, `${command} --help lists ${flag}`).toBeDefined();
    expect(line).not.toMatch(/default/);
    expect(r.stdout).not.toMatch(/ $/m);
  }
});
