import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConfigError } from '#core';

/**
 * Whether the connection's role could get past the audit log's append-only
 * triggers: a superuser (`pg_has_role` is true for every role then), or a
 * role that owns, or may become a role that owns, the database, the public
 * schema or a table in it (an owner may disable or drop triggers, and the
 * schema's owner may drop its tables).
 */
const OWNS_SOMETHING = `
  SELECT EXISTS (
    SELECT FROM pg_database WHERE datname = current_database() AND pg_has_role(datdba, 'MEMBER')
    UNION ALL
    SELECT FROM pg_namespace WHERE nspname = 'public' AND pg_has_role(nspowner, 'MEMBER')
    UNION ALL
    SELECT FROM pg_class
    WHERE relnamespace = 'public'::regnamespace AND pg_has_role(relowner, 'MEMBER')
  ) AS owns`;

/** Throws unless `dataSource` connects as a role that owns nothing (see {@link OWNS_SOMETHING}). */
export async function assertRestrictedRole(dataSource: DataSource): Promise<void> {
  const [row] = await dataSource.query<{ owns: boolean }[]>(OWNS_SOMETHING);
  if (row?.owns !== false) {
    throw new ConfigError([
      'DATABASE_URL: connects as a superuser or an owner of the schema; the apps must use their own role (see `migrate`)',
    ]);
  }
}

/** Refuses to start an app whose connection could empty the audit log. */
@Injectable()
export class AppRoleCheck implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): Promise<void> {
    return assertRestrictedRole(this.dataSource);
  }
}
