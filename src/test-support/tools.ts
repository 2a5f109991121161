import { accessSync, appendFileSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Whether an executable of this name is on PATH. */
export function commandInstalled(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * For suites that need something installed on the machine (a command, a font): true when nothing
 * is missing. Otherwise, like a missing service, CI=true fails the run saying what to install,
 * and locally the suites are skipped and named at the end of the run.
 */
export function requireInstalled(missing: string[], install: string): boolean {
  if (missing.length === 0) return true;
  const what = `${missing.join(', ')} not installed (${install})`;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${what}; .ci/run installs it on a fresh machine.`);
  const note = `${what}, so their suites are SKIPPED`;
  process.stderr.write(`\n[tollgate tests] ${note}\n\n`);
  if (process.env.TOLLGATE_TEST_REPORT) appendFileSync(process.env.TOLLGATE_TEST_REPORT, note + '\n');
  return false;
}
