import pg from 'pg';

/**
 * pg's own parsers for values a read selected as text (`::text`) so that
 * they are parsed only if something reads them: a list of twenty members
 * should not build forty Dates nobody asked for.
 */
export const PgText = {
  timestamptz: pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date,
};
