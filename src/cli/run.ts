// What the `ambix` command does once the program is loaded (src/cli/bin.ts loads it): watch the
// standard streams, hand the config and the revisions this program's own `ambix` and
// `ambix/schema`, run the command, exit.
import { provideOwnModules } from '../loader/module-loader.js';
import { stdioPending, watchStdio } from '../util/write-fd.js';
import { main } from './main.js';

/**
 * Runs the CLI on `argv` and exits with its code. `entryUrl`: the URL of the package's `ambix`
 * entry (dist/index.js); `own`: this program's `ambix` and `ambix/schema` (src/program.ts).
 */
export async function runCli(argv: readonly string[], entryUrl: string, own: { index: Record<string, unknown>; schema: Record<string, unknown> }): Promise<void> {
  watchStdio();
  // A script bundle that imports `ambix` or `ambix/schema` of this package gets these, as values,
  // instead of Node's ESM loader importing the entry points (which would hand back the same
  // objects, a few milliseconds later).
  provideOwnModules({ [entryUrl]: own.index, [new URL('./schema.js', entryUrl).href]: own.schema });
  const code = await main(argv);
  process.exitCode = code;
  // Once a command is done nothing of ours is left running (connections closed, output written),
  // but a natural exit first waits for V8's background threads to finish optimising functions that
  // will never run again: 10-30 ms after a long upgrade. Not while a stdio stream is still writing.
  if (!stdioPending()) process.exit(code);
}
