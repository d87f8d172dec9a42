/**
 * A generated city for the dispatch benchmarks, written straight into a
 * migrated benchmark database with set-based SQL (INSERT … SELECT over
 * generate_series), not through the API: a 1,000,000-member city must be
 * ready in minutes. Every row satisfies the schema's constraints and
 * triggers exactly as the services' rows do.
 *
 * The city is a function of its two sizes alone: ids are md5 of the entity
 * and its index, every other choice a hash of the member's index. So the
 * dispatch and the matching benchmark, run with the same flags, see the same
 * people in the same places (only the ciphertexts differ: each run has its
 * own keys).
 *
 * Shape (member i, community i % C, in-community index l = i / C, slot
 * s = l / 4):
 * - 20 courtyards per community, each with a party group of the
 *   community's one open temporary branch;
 * - 2 work units per community (at least 8), each community paired with 8;
 * - three residents in four (l % 4 < 3), living in courtyard s % 20 and
 *   members of its party group;
 * - one seconded member in four, from unit (2c + s % 8) % U (a unit paired
 *   with c) with an ACTIVE secondment in c, in the party group of courtyard
 *   s % 20; the first two of each group lead it as leader and deputy;
 * - skills, weekly availability and physical condition drawn per member
 *   (AVAILABILITY, SKILLS below), so that every task type finds both fitting
 *   and unfit members;
 * - the study's task types (the demo's catalogue) of all three categories;
 * - a committee account per community (COMMUNITY_ADMIN), who publishes;
 * - a service history (historyStatement below): one member in two served on
 *   a completed task in the last 30 days, one in ten is booked on a filled
 *   task on a weekday morning in the coming weeks, so that fairness ranks and the overlap
 *   filter excludes, over tables of a realistic size.
 */
import type pg from 'pg';
import type { PersonalDataCipher } from '#core';
import {
  availabilityToMultirange,
  composeIdNumber,
  type AvailabilityWindow,
} from '#domain/members';
import { categoryOf } from '#domain/task-types';
import { DEMO_TASK_TYPES } from '../apps/cli/src/demo-data.js';

export const COURTYARDS_PER_COMMUNITY = 20;
const PAIRED_UNITS = 8;
/** Members per INSERT: the personal data of one batch travels as arrays. */
const BATCH = 10_000;

export interface CitySize {
  readonly members: number;
  readonly communities: number;
}

export interface City extends CitySize {
  readonly courtyards: number;
  readonly units: number;
  readonly residents: number;
  readonly seconded: number;
  readonly partyGroups: number;
  readonly taskTypes: number;
}

/** The id of the index-th entity of a kind: the same in every run. */
export const idOf = (kind: string, index: number | string) => `md5('${kind}:' || ${index})::uuid`;

/** A member's kind follows from its index alone (see the header). */
export function memberKind(i: number, communities: number): 'RESIDENT' | 'SECONDED' {
  return Math.floor(i / communities) % 4 === 3 ? 'SECONDED' : 'RESIDENT';
}

const weekdays = (start: string, end: string, days = [1, 2, 3, 4, 5]): AvailabilityWindow[] =>
  days.map((weekday) => ({ weekday, start, end }));

/**
 * Weekly patterns, drawn per member. Residents serve in the daytime (the
 * study's weekday mornings, some afternoons and Saturdays); seconded members
 * outside working hours (weekday evenings, weekends). The benchmark's task
 * windows (draft-tasks.ts) fall inside some patterns of the kinds their
 * category asks for and outside the others.
 */
const AVAILABILITY = {
  RESIDENT: [
    weekdays('09:00', '11:00'),
    [...weekdays('09:00', '11:00'), ...weekdays('14:00', '17:00')],
    [...weekdays('08:00', '12:00'), ...weekdays('09:00', '12:00', [6])],
    [...weekdays('09:00', '11:00', [1, 2, 3, 4, 5, 6, 7]), ...weekdays('15:00', '17:00')],
  ],
  SECONDED: [
    [...weekdays('19:00', '21:00'), ...weekdays('09:00', '17:00', [6, 7])],
    weekdays('09:00', '17:00', [6, 7]),
    weekdays('18:30', '21:30'),
    [...weekdays('19:00', '21:00'), ...weekdays('09:00', '12:00', [6])],
  ],
};

/**
 * A member's first two skills come from their kind's list, a third (one in
 * two) from either list: residents are the fallback pool of professional
 * tasks when they hold the skill. Together they cover every skill the task
 * types require, the pairs the JOINT types ask for included, in every
 * community of 500 members or more.
 */
const SKILLS = {
  RESIDENT: ['助老', '巡逻', '轮流值守', '水电维修', '垃圾分类', '宣传动员', '保洁', '调解'],
  SECONDED: [
    '政策咨询',
    '心理疏导',
    '法律援助',
    '健康宣教',
    '宣传动员',
    '医疗',
    '垃圾分类',
    '财务',
  ],
};
const ALL_SKILLS = [...new Set([...SKILLS.RESIDENT, ...SKILLS.SECONDED])];

const SURNAMES = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘',
);
/** Given-name characters by gender, as in the demo's generator. */
const GIVEN = {
  MALE: Array.from('建国志强伟明军华平德海涛斌刚勇杰文辉磊鹏'),
  FEMALE: Array.from('秀英桂兰丽芳敏静娟霞红艳玲燕萍琴云洁梅'),
};
/** A number in [0, n) drawn from member i's index, salt telling the draws apart. */
const draw = (salt: number, n: number) => `abs(hashint8(i * 16 + ${String(salt)}) % ${String(n)})`;
const literal = (values: readonly string[]) =>
  `ARRAY[${values.map((v) => `'${v}'`).join(',')}]::text[]`;
const given = (salt: number) =>
  `CASE gender WHEN 'MALE' THEN (${literal(GIVEN.MALE)})[1 + ${draw(salt, GIVEN.MALE.length)}]
               ELSE (${literal(GIVEN.FEMALE)})[1 + ${draw(salt, GIVEN.FEMALE.length)}] END`;

/** Days of birth are spread over ~25 years per kind; see personalData for why they are unique. */
const BIRTH_SPAN_DAYS = 9_000;
const BIRTH_START = { RESIDENT: Date.UTC(1940, 0, 1), SECONDED: Date.UTC(1970, 0, 1) };

/**
 * The personal data of members [from, to): birth date, phone and ID number,
 * each encrypted and hashed by the run's PersonalDataCipher. Encrypted one
 * by one rather than reusing a handful of ciphertexts: the ID number's hash
 * is unique in the schema, and a ciphertext must decrypt to the value its
 * hash was taken of, so each member needs its own. AES-GCM and HMAC cost a
 * few microseconds each: seconds for a million members.
 *
 * ID numbers are unique by construction: the birth day is i % 9,000 days
 * from the kind's start (residents and seconded members never share a day),
 * the sequence i / 9,000 % 500, and the region changes every 4,500,000.
 */
function personalData(cipher: PersonalDataCipher, from: number, to: number, communities: number) {
  const columns = {
    kind: [] as string[],
    gender: [] as string[],
    birthDate: [] as string[],
    phoneCipher: [] as Buffer[],
    phoneHash: [] as Buffer[],
    idCipher: [] as Buffer[],
    idHash: [] as Buffer[],
  };
  for (let i = from; i < to; i++) {
    const kind = memberKind(i, communities);
    const gender = i % 2 === 0 ? 'MALE' : 'FEMALE';
    const birthDate = new Date(BIRTH_START[kind] + (i % BIRTH_SPAN_DAYS) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const phone = `1${String(3 + (i % 7))}${String(i).padStart(9, '0')}`;
    const idNumber = composeIdNumber({
      region: String(110101 + Math.floor(i / (BIRTH_SPAN_DAYS * 500))),
      birthDate,
      sequence: Math.floor(i / BIRTH_SPAN_DAYS) % 500,
      gender,
    });
    columns.kind.push(kind);
    columns.gender.push(gender);
    columns.birthDate.push(birthDate);
    columns.phoneCipher.push(cipher.encrypt(phone));
    columns.phoneHash.push(cipher.hash(phone));
    columns.idCipher.push(cipher.encrypt(idNumber));
    columns.idHash.push(cipher.hash(idNumber));
  }
  return columns;
}

/**
 * One batch of members with their secondments and party-group places, in
 * one statement: the rows of the three tables come from the same `placed`
 * set, so a member, their secondment and their group always agree.
 */
function memberStatement(communities: number, units: number): string {
  const K = COURTYARDS_PER_COMMUNITY;
  const C = String(communities);
  const availability = (kind: 'RESIDENT' | 'SECONDED') =>
    literal(AVAILABILITY[kind].map(availabilityToMultirange));
  return `
    WITH src AS (
      SELECT $1::bigint + n - 1 AS i, kind, gender, birth_date,
             phone_cipher, phone_hash, id_number_cipher, id_number_hash
        FROM unnest($2::text[], $3::text[], $4::date[], $5::bytea[], $6::bytea[], $7::bytea[], $8::bytea[])
             WITH ORDINALITY AS p(kind, gender, birth_date, phone_cipher, phone_hash,
                                  id_number_cipher, id_number_hash, n)
    ), placed AS (
      SELECT src.*, i % ${C} AS c, (i / ${C}) / 4 AS s FROM src
    ), members AS (
      INSERT INTO member (id, kind, name, gender, birth_date, phone_cipher, phone_hash,
                          id_number_cipher, id_number_hash, residence_community_id,
                          residence_courtyard_id, unit_id, skills, availability, physical_condition)
      SELECT ${idOf('member', 'i')}, kind,
             (${literal(SURNAMES)})[1 + ${draw(1, SURNAMES.length)}]
               || ${given(2)} || CASE WHEN ${draw(3, 5)} < 3 THEN ${given(4)} ELSE '' END,
             gender, birth_date, phone_cipher, phone_hash, id_number_cipher, id_number_hash,
             CASE WHEN kind = 'RESIDENT' THEN ${idOf('community', 'c')} END,
             CASE WHEN kind = 'RESIDENT' THEN ${idOf('courtyard', `c * ${String(K)} + s % ${String(K)}`)} END,
             CASE WHEN kind = 'SECONDED' THEN ${idOf('unit', `(2 * c + s % ${String(PAIRED_UNITS)}) % ${String(units)}`)} END,
             ARRAY(SELECT DISTINCT skill FROM unnest(ARRAY[
               CASE WHEN kind = 'RESIDENT'
                    THEN (${literal(SKILLS.RESIDENT)})[1 + ${draw(5, SKILLS.RESIDENT.length)}]
                    ELSE (${literal(SKILLS.SECONDED)})[1 + ${draw(5, SKILLS.SECONDED.length)}] END,
               CASE WHEN kind = 'RESIDENT'
                    THEN (${literal(SKILLS.RESIDENT)})[1 + ${draw(6, SKILLS.RESIDENT.length)}]
                    ELSE (${literal(SKILLS.SECONDED)})[1 + ${draw(6, SKILLS.SECONDED.length)}] END,
               CASE WHEN ${draw(7, 2)} = 0 THEN (${literal(ALL_SKILLS)})[1 + ${draw(10, ALL_SKILLS.length)}] END
             ]) AS skill WHERE skill IS NOT NULL ORDER BY skill),
             (CASE WHEN kind = 'RESIDENT'
                   THEN (${availability('RESIDENT')})[1 + ${draw(8, AVAILABILITY.RESIDENT.length)}]
                   ELSE (${availability('SECONDED')})[1 + ${draw(8, AVAILABILITY.SECONDED.length)}] END)::int4multirange,
             -- residents are mostly elderly: one in ten frail, two in ten limited
             CASE WHEN kind = 'RESIDENT'
                  THEN (ARRAY['GOOD','GOOD','GOOD','GOOD','GOOD','GOOD','GOOD','LIMITED','LIMITED','FRAIL'])[1 + ${draw(9, 10)}]
                  WHEN ${draw(9, 20)} = 0 THEN 'LIMITED' ELSE 'GOOD' END
        FROM placed
      RETURNING id
    ), secondments AS (
      INSERT INTO secondment (member_id, unit_id, community_id, channel, status, requested_at,
                              unit_approved_at, activated_at, receipt_number, report_due_on)
      SELECT ${idOf('member', 'i')}, ${idOf('unit', `(2 * c + s % ${String(PAIRED_UNITS)}) % ${String(units)}`)},
             ${idOf('community', 'c')}, 'INDIVIDUAL', 'ACTIVE', now() - interval '60 days',
             now() - interval '55 days', now() - interval '50 days', 'BENCH-' || i,
             current_date + 130
        FROM placed WHERE kind = 'SECONDED'
    )
    INSERT INTO group_assignment (member_id, party_group_id, role)
    SELECT ${idOf('member', 'i')}, ${idOf('party_group', `c * ${String(K)} + s % ${String(K)}`)},
           CASE WHEN kind = 'RESIDENT' THEN 'MEMBER'
                WHEN s / ${String(K)} = 0 THEN 'LEADER'
                WHEN s / ${String(K)} = 1 THEN 'DEPUTY' ELSE 'MEMBER' END
      FROM placed`;
}

/** Members share history tasks in groups of this many neighbours of one community. */
const HISTORY_GROUP = 10;

/**
 * The service history (see the header). Member i belongs to history group
 * (l / 10) * C + c of their community c. Half of the members (drawn) served
 * on their group's task completed on a morning of the last 30 days; a tenth
 * are booked on their group's FILLED task on a weekday morning of the
 * coming eight weeks (ACCEPTED: live, so the exclusion constraint holds
 * them). Each task is ROUTINE (the first such type), its headcount the
 * members it got.
 */
function historyStatement({ members, communities }: CitySize): string {
  const C = String(communities);
  const K = String(COURTYARDS_PER_COMMUNITY);
  const group = `(i / ${C} / ${String(HISTORY_GROUP)}) * ${C} + i % ${C}`;
  const day = `date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai')`;
  const week = `date_trunc('week', now() AT TIME ZONE 'Asia/Shanghai')`;
  const history = (kind: string, who: string, status: string, start: string, ended: string) => `
    WITH served AS (
      SELECT i, ${group} AS g FROM generate_series(0, ${String(members)} - 1) AS i WHERE ${who}
    ), groups AS (
      -- named i, so that draw() draws per group
      SELECT g AS i, count(*)::int AS n FROM served GROUP BY g
    ), tasks AS (
      INSERT INTO task (id, community_id, courtyard_id, task_type_id, category, title, description,
                        starts_at, ends_at, headcount, priority, offer_timeout_minutes, status,
                        dispatch_round)
      SELECT ${idOf(`${kind}_task`, 'i')}, ${idOf('community', `i % ${C}`)},
             ${idOf('courtyard', `(i % ${C}) * ${K} + ${draw(11, COURTYARDS_PER_COMMUNITY)}`)},
             tt.id, 'ROUTINE', tt.name, '', (${start}) AT TIME ZONE 'Asia/Shanghai',
             (${start} + interval '2 hours') AT TIME ZONE 'Asia/Shanghai',
             n, 'NORMAL', 30, '${status}', 1
        FROM groups,
             (SELECT id, name FROM task_type WHERE category = 'ROUTINE' ORDER BY name LIMIT 1) AS tt
      RETURNING id, starts_at, ends_at
    )
    INSERT INTO assignment (task_id, member_id, slot_kind, source, booked, status, accepted_at, ended_at)
    SELECT t.id, m.id, m.kind, 'CLAIM', tstzrange(t.starts_at, t.ends_at),
           '${status === 'COMPLETED' ? 'COMPLETED' : 'ACCEPTED'}', t.starts_at - interval '2 days', ${ended}
      FROM served s
      JOIN member m ON m.id = ${idOf('member', 's.i')}
      JOIN tasks t ON t.id = ${idOf(`${kind}_task`, 's.g')};`;
  return [
    history(
      'past',
      `${draw(11, 2)} = 0`,
      'COMPLETED',
      `${day} - (1 + ${draw(12, 28)}) * interval '1 day' + interval '9 hours'`,
      't.ends_at',
    ),
    history(
      'next',
      `${draw(12, 10)} = 0`,
      'FILLED',
      `${week} + (1 + ${draw(13, 8)}) * interval '1 week' + ${draw(14, 5)} * interval '1 day'
         + interval '9 hours'`,
      'NULL',
    ),
  ].join('\n');
}

/**
 * Generates the city into an empty, migrated database, as the schema owner
 * (one transaction: a failed run leaves nothing half-made), then analyses
 * the tables so that the first plans are the ones a long-running city gets.
 */
export async function generateCity(
  client: pg.Client,
  cipher: PersonalDataCipher,
  size: CitySize,
  progress: (done: number) => void = () => undefined,
): Promise<City> {
  const C = size.communities;
  const K = COURTYARDS_PER_COMMUNITY;
  const units = Math.max(PAIRED_UNITS, 2 * C);
  // The demo's catalogue: the study's examples of all three categories,
  // the category derived by the one rule (categoryOf), as the service does.
  const types = DEMO_TASK_TYPES.map((t) => ({
    ...t,
    category: categoryOf(t.basicKnowledge, t.professionalKnowledge),
  }));
  await client.query('BEGIN');
  try {
    await client.query(`
      INSERT INTO community (id, name, time_zone)
      SELECT ${idOf('community', 'c')}, '基准社区' || lpad(c::text, 4, '0'), 'Asia/Shanghai'
        FROM generate_series(0, ${String(C - 1)}) AS c;

      -- each community's committee, for whom the benchmark publishes; nobody
      -- signs in ('!' is no password hash), so none is derived
      INSERT INTO account (id, username, password_hash)
      SELECT ${idOf('account', 'c')}, 'bench-committee-' || c, '!'
        FROM generate_series(0, ${String(C - 1)}) AS c;
      INSERT INTO role_grant (account_id, role, community_id)
      SELECT ${idOf('account', 'c')}, 'COMMUNITY_ADMIN', ${idOf('community', 'c')}
        FROM generate_series(0, ${String(C - 1)}) AS c;

      INSERT INTO courtyard (id, community_id, name, kind)
      SELECT ${idOf('courtyard', `c * ${String(K)} + k`)}, ${idOf('community', 'c')},
             '第' || (k + 1) || '小区',
             (ARRAY['COMPOUND', 'UNIT_FAMILY_COURTYARD', 'BUILDING'])[1 + k % 3]
        FROM generate_series(0, ${String(C - 1)}) AS c, generate_series(0, ${String(K - 1)}) AS k;

      INSERT INTO unit (id, name, kind)
      SELECT ${idOf('unit', 'u')}, '基准单位' || lpad(u::text, 5, '0'),
             (ARRAY['GOVERNMENT_ORGAN', 'PUBLIC_INSTITUTION', 'STATE_ENTERPRISE', 'OTHER'])[1 + u % 4]
        FROM generate_series(0, ${String(units - 1)}) AS u;

      -- community c is paired with units 2c … 2c + 7 (mod U): each unit with four communities
      INSERT INTO unit_community_pairing (unit_id, community_id, paired_at)
      SELECT ${idOf('unit', `(2 * c + j) % ${String(units)}`)}, ${idOf('community', 'c')},
             now() - interval '1 year'
        FROM generate_series(0, ${String(C - 1)}) AS c, generate_series(0, ${String(PAIRED_UNITS - 1)}) AS j;

      INSERT INTO temporary_branch (id, community_id, name, purpose, starts_on)
      SELECT ${idOf('branch', 'c')}, ${idOf('community', 'c')}, '在职党员临时党支部',
             '组织下沉党员参与社区治理和应急处置', current_date - 365
        FROM generate_series(0, ${String(C - 1)}) AS c;

      INSERT INTO party_group (id, branch_id, community_id, courtyard_id, name)
      SELECT ${idOf('party_group', `c * ${String(K)} + k`)}, ${idOf('branch', 'c')},
             ${idOf('community', 'c')}, ${idOf('courtyard', `c * ${String(K)} + k`)},
             '第' || (k + 1) || '小区党小组'
        FROM generate_series(0, ${String(C - 1)}) AS c, generate_series(0, ${String(K - 1)}) AS k;
    `);
    await client.query(
      `INSERT INTO task_type (name, description, basic_knowledge, professional_knowledge, category,
                              required_skills, intensity, outdoor, night, default_duration_minutes,
                              points_weight, counts_as_volunteer_service)
       SELECT name, coalesce(description, ''), "basicKnowledge", "professionalKnowledge", category,
              ARRAY(SELECT jsonb_array_elements_text("requiredSkills")), intensity,
              coalesce(outdoor, false), coalesce(night, false), "defaultDurationMinutes",
              "pointsWeight", coalesce("countsAsVolunteerService", true)
         FROM jsonb_to_recordset($1::jsonb) AS t(name text, description text, "basicKnowledge" text,
              "professionalKnowledge" text, category text, "requiredSkills" jsonb, intensity text,
              outdoor boolean, night boolean, "defaultDurationMinutes" int, "pointsWeight" int,
              "countsAsVolunteerService" boolean)`,
      [JSON.stringify(types)],
    );
    const statement = memberStatement(C, units);
    for (let from = 0; from < size.members; from += BATCH) {
      const to = Math.min(size.members, from + BATCH);
      const p = personalData(cipher, from, to, C);
      await client.query(statement, [
        from,
        p.kind,
        p.gender,
        p.birthDate,
        p.phoneCipher,
        p.phoneHash,
        p.idCipher,
        p.idHash,
      ]);
      progress(to);
    }
    await client.query(historyStatement(size));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  await client.query('ANALYZE');
  const { rows } = await client.query<{ residents: string; seconded: string }>(
    `SELECT count(*) FILTER (WHERE kind = 'RESIDENT') AS residents,
            count(*) FILTER (WHERE kind = 'SECONDED') AS seconded FROM member`,
  );
  return {
    ...size,
    courtyards: C * K,
    units,
    residents: Number(rows[0]?.residents),
    seconded: Number(rows[0]?.seconded),
    partyGroups: C * K,
    taskTypes: types.length,
  };
}
