import pg from 'pg';
import type { AppConfig } from '#core';

interface Role {
  readonly name: string;
  readonly password: string | undefined;
}

/** The role a URL connects as, with its password if the URL carries one. */
export function roleOf(url: string): Role {
  const { username, password } = new URL(url);
  return {
    name: decodeURIComponent(username),
    password: password ? decodeURIComponent(password) : undefined,
  };
}

/** The database a URL names. */
export function databaseOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-zA-Z0-9_]+$/.test(name)) throw new Error('Database name must be [a-zA-Z0-9_]');
  return name;
}

/** `url` connecting to the database `name` instead. */
export function onDatabase(url: string, name: string): string {
  const result = new URL(url);
  result.pathname = `/${name}`;
  return result.toString();
}

/** Runs `work` on a fresh connection to `url` and closes it. */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** SQLSTATEs of a CREATE ROLE that lost the race to a concurrent creator of the same role. */
const ROLE_EXISTS = new Set(['42710', '23505']);

/**
 * Creates a plain login role (no superuser, CREATEDB, CREATEROLE, replication
 * or BYPASSRLS) unless it exists, and sets the password its URL carries.
 */
async function ensureRole(client: pg.Client, role: Role): Promise<void> {
  const name = client.escapeIdentifier(role.name);
  const password =
    role.password === undefined ? '' : ` PASSWORD ${client.escapeLiteral(role.password)}`;
  const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
  if (found.rowCount) {
    if (password) await client.query(`ALTER ROLE ${name}${password}`);
    return;
  }
  try {
    await client.query(
      `CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${password}`,
    );
  } catch (error) {
    if (!ROLE_EXISTS.has((error as { code?: string }).code ?? '')) throw error;
  }
}

/** Creates the database owned by `owner`, or hands an existing one to it. */
async function ensureDatabase(client: pg.Client, name: string, owner: string): Promise<boolean> {
  const found = await client.query<{ owner: string }>(
    'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
    [name],
  );
  const ownerName = client.escapeIdentifier(owner);
  if (!found.rows[0]) {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} OWNER ${ownerName}`);
    return true;
  }
  if (found.rows[0].owner !== owner) {
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(name)} OWNER TO ${ownerName}`);
  }
  return false;
}

/**
 * An ALTER … OWNER TO $1 for each table, view, sequence and function of the
 * public schema that $1 does not own yet. Identity and serial sequences
 * follow their table, and an extension's objects stay with the extension.
 */
const HAND_OVER = `
  SELECT format('ALTER %s %s OWNER TO %I', o.kind, o.name, $1::text) AS statement
  FROM (
    SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
             WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind,
           c.oid::regclass::text AS name, c.relowner AS owner, c.oid, 'pg_class'::regclass AS catalog
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    UNION ALL
    SELECT 'FUNCTION', p.oid::regprocedure::text, p.proowner, p.oid, 'pg_proc'::regclass
    FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace
  ) o
  WHERE pg_get_userbyid(o.owner) <> $1
    AND NOT EXISTS (SELECT FROM pg_depend d
                    WHERE d.classid = o.catalog AND d.objid = o.oid AND d.deptype IN ('a', 'i', 'e'))`;

/**
 * Creates the owner role, the apps' role and the database owned by the owner,
 * with the admin (superuser) connection; safe to run again and beside another
 * run. A database of an earlier version, migrated by the superuser, has its
 * objects handed to the owner, so that migrations keep working as the owner
 * and the superuser is needed for nothing but this step.
 *
 * @returns whether the database was created.
 */
export async function provisionDatabase(
  database: AppConfig['database'],
  adminUrl: string,
): Promise<boolean> {
  const owner = roleOf(database.ownerUrl);
  const name = databaseOf(database.ownerUrl);
  const created = await withClient(adminUrl, async (client) => {
    await ensureRole(client, owner);
    await ensureRole(client, roleOf(database.url));
    return ensureDatabase(client, name, owner.name);
  });
  await withClient(onDatabase(adminUrl, name), async (client) => {
    const { rows } = await client.query<{ statement: string }>(HAND_OVER, [owner.name]);
    for (const { statement } of rows) await client.query(statement);
  });
  return created;
}
