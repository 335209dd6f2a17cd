import { createRequire } from 'node:module';
import { DriverMissingError } from '../errors.js';

/**
 * Where a driver package is found: the project's own install first (its version wins), then
 * ambix's. The path `require` resolves `specifier` to, or a {@link DriverMissingError} naming the
 * package to install.
 *
 * @example createRequire(import.meta.url)(resolveDriver(root, 'pg', 'PostgreSQL URLs'))
 */
export function resolveDriver(projectRoot: string, specifier: string, what: string, packageName = specifier): string {
  for (const base of [`${projectRoot}/`, import.meta.url]) {
    try {
      return createRequire(base).resolve(specifier);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  throw new DriverMissingError(what, packageName);
}
