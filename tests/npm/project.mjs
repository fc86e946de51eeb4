// The scratch project every npm suite works in: the packed vpnroute installed from its tarball
// (VPNROUTE_NPM_PROJECT, which cargo xtask test sets up), and the two ways an app loads it.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const project = process.env.VPNROUTE_NPM_PROJECT;
assert.ok(project, 'VPNROUTE_NPM_PROJECT must be a project with the packed vpnroute installed (cargo xtask test)');

/** `require` as a file of the project has it: `load('vpnroute')` goes through the package's exports. */
export const load = createRequire(join(project, 'package.json'));

/**
 * The exports of an ES module whose text is `source`, imported as an app of the project
 * imports it. Bare specifiers resolve from the importing file, so the module is written into a
 * fresh folder (`prefix`…) inside the project, removed once it is loaded.
 */
export async function importInProject(prefix, source) {
  const dir = await mkdtemp(join(project, prefix));
  try {
    const app = join(dir, 'app.mjs');
    await writeFile(app, source);
    return await import(pathToFileURL(app));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
