import pg from 'pg';

/** The server-level URL (database `postgres`) for a database URL. */
function adminUrl(databaseUrl: string): { admin: string; name: string } {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[a-zA-Z0-9_]+$/.test(name)) throw new Error('Database name must be [a-zA-Z0-9_]');
  url.pathname = '/postgres';
  return { admin: url.toString(), name };
}

/** Creates the database named in `databaseUrl` unless it exists. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const { admin, name } = adminUrl(databaseUrl);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}
