// The whole program as one module: the build makes it dist/ambix.cjs, the one copy of every
// module that the `ambix` command (dist/cli.cjs) and `import 'ambix'` (dist/index.js, a facade of
// its exports) share, so `instanceof` and module state mean the same everywhere. Commands and
// dialects inside it are initialised on first use, not when it loads.
import { runCli } from './cli/run.js';
import * as index from './index.js';
import * as schemaModule from './schema/index.js';

export * from './index.js';
export * as schema from './schema/index.js';

/** The `ambix` command, for dist/cli.cjs. */
export function __runCli(argv: readonly string[], entryUrl: string): Promise<void> {
  return runCli(argv, entryUrl, { index, schema: schemaModule });
}
