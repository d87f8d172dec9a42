import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding members by name, and listing people in the order a Chinese reader
 * expects (pinyin, through ICU's `zh` collation, not code points).
 *
 * Name search is a substring match that must stay fast at 100,000 members.
 * Chinese names are two to four characters, so trigram indexes (pg_trgm)
 * cannot serve the common one- and two-character searches (a surname, a
 * given name). Instead each name is indexed by its single characters and its
 * character pairs (the idea of pg_bigm, without the extension): a search for
 * one character looks that character up, a longer one all of its pairs, and
 * the substring test then only rechecks the few rows the index returns.
 */
export class MemberSearch1764028800500 implements MigrationInterface {
  name = 'MemberSearch1764028800500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION name_grams(name text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      BEGIN ATOMIC
        SELECT coalesce(array_agg(DISTINCT gram), '{}')
          FROM (SELECT substr(lower(name), i, 1) AS gram
                  FROM generate_series(1, char_length(name)) AS i
                UNION ALL
                SELECT substr(lower(name), i, 2)
                  FROM generate_series(1, char_length(name) - 1) AS i) AS grams;
      END;

      CREATE FUNCTION name_query_grams(query text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      BEGIN ATOMIC
        SELECT CASE WHEN char_length(query) = 1 THEN ARRAY[lower(query)]
               ELSE ARRAY(SELECT DISTINCT substr(lower(query), i, 2)
                            FROM generate_series(1, char_length(query) - 1) AS i) END;
      END;

      CREATE INDEX member_name_grams_idx ON member USING gin (name_grams(name));

      -- lists of people come in pinyin order; the id breaks ties between namesakes
      DROP INDEX member_residence_community_idx, member_unit_idx;
      CREATE INDEX member_residence_community_idx
        ON member (residence_community_id, name COLLATE "zh-x-icu", id);
      CREATE INDEX member_unit_idx ON member (unit_id, name COLLATE "zh-x-icu", id);
      CREATE INDEX member_name_pinyin_idx ON member (name COLLATE "zh-x-icu", id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX member_name_pinyin_idx, member_unit_idx, member_residence_community_idx,
        member_name_grams_idx;
      CREATE INDEX member_residence_community_idx ON member (residence_community_id, name);
      CREATE INDEX member_unit_idx ON member (unit_id, name);
      DROP FUNCTION name_query_grams(text), name_grams(text);
    `);
  }
}
