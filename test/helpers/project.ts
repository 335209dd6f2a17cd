import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
const bin = join(repoRoot, 'dist/cli.cjs');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A scratch project folder where `import 'ambix'` resolves to this checkout, as after `npm i ambix`. */
export class Project {
  readonly dir: string;
  constructor(name = 'ambix-e2e-') {
    this.dir = mkdtempSync(join(tmpdir(), name));
    mkdirSync(join(this.dir, 'node_modules'));
    symlinkSync(repoRoot, join(this.dir, 'node_modules/ambix'), 'dir');
  }

  /** Runs `ambix ...args` in the project, as a user would, without a terminal. */
  ambix(...args: string[]): Run {
    return this.ambixWith({}, ...args);
  }

  ambixWith(env: Record<string, string>, ...args: string[]): Run {
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', AMBIX_CACHE_DIR: join(this.dir, '.ambix-cache'), ...env },
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  write(path: string, text: string): string {
    const file = join(this.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  ls(path: string): string[] {
    return readdirSync(join(this.dir, path)).sort();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
