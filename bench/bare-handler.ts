/**
 * The benchmark's baseline: what a careful engineer would write by hand to
 * serve the same answers with no framework. node:http and one pg pool; each
 * request checks the bearer token (HS256, same key and format as the API),
 * then sends ONE prepared statement (named, so each connection parses it
 * once) that checks the session and the grants, applies
 * the same scope and personal-data rules, writes the same audit rows, and
 * returns the rows the response needs. The JSON is built to be byte for byte
 * the API's response (the driver checks that before measuring).
 *
 * Not part of the product: it exists so the API's throughput is read as a
 * ratio against the shortest honest route to the same bytes.
 */
import { createDecipheriv, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { SESSION_OPTIONS } from '#database';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

// The same pool size and session settings as the API's connections.
const pool = new pg.Pool({
  connectionString: env('DATABASE_URL'),
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  options: SESSION_OPTIONS,
});
const jwtKey = createSecretKey(Buffer.from(env('JWT_SECRET'), 'utf8'));
const dataKey = Buffer.from(env('PERSONAL_DATA_KEY'), 'base64');
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function claims(authorization: string | undefined): { sub: string; sid: string } | null {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
  const end = token.lastIndexOf('.');
  if (end < 0 || !token.startsWith(`${HEADER}.`)) return null;
  const body = token.slice(0, end);
  const expected = Buffer.from(createHmac('sha256', jwtKey).update(body).digest('base64url'));
  const given = Buffer.from(token.slice(end + 1));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const payload = JSON.parse(
    Buffer.from(body.slice(HEADER.length + 1), 'base64url').toString(),
  ) as { sub: string; sid: string; exp: number; typ: string };
  if (payload.typ !== 'access' || payload.exp <= Date.now() / 1000) return null;
  return payload;
}

/** AES-256-GCM, layout version(1) | iv(12) | tag(16) | ciphertext, as the API stores it. */
function decrypt(sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', dataKey, sealed.subarray(1, 13));
  decipher.setAuthTag(sealed.subarray(13, 29));
  return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
}

/** The signed-in account's current grants (stored and derived), refusing a revoked session. */
const ACTOR = `actor AS (
  SELECT g.* FROM account a
    JOIN auth_session s ON s.id = $2 AND s.account_id = a.id AND s.revoked_at IS NULL
    JOIN active_role_grant g ON g.account_id = a.id
   WHERE a.id = $1 AND a.disabled_at IS NULL)`;

const ME = `SELECT a.id, a.username, g.role, g.community_id
  FROM account a
  JOIN auth_session s ON s.id = $2 AND s.account_id = a.id AND s.revoked_at IS NULL
  LEFT JOIN LATERAL (SELECT * FROM active_role_grant WHERE account_id = $1) g ON TRUE
 WHERE a.id = $1 AND a.disabled_at IS NULL`;

/** The member list's rules, as the product states them (docs/domain.md): scope, clear or masked phone, audit. */
const MEMBERS = `WITH ${ACTOR},
  scope AS (SELECT
    EXISTS (SELECT 1 FROM actor WHERE role = 'OPERATOR') AS operator,
    ARRAY(SELECT community_id FROM actor WHERE role = 'COMMUNITY_ADMIN') AS communities,
    ARRAY(SELECT unit_id FROM actor WHERE role = 'UNIT_HR') AS units,
    ARRAY(SELECT member_id FROM actor WHERE role = 'MEMBER') AS members,
    ARRAY(SELECT party_group_id FROM actor WHERE role = 'GROUP_LEADER') AS groups),
  rows AS (
    SELECT m.id, m.name, m.kind, m.phone_cipher, y.name AS courtyard,
           (sc.operator OR m.residence_community_id = ANY(sc.communities)
             OR m.unit_id = ANY(sc.units) OR m.id = ANY(sc.members)) AS holds,
           EXISTS (SELECT 1 FROM secondment s WHERE s.member_id = m.id AND s.status = 'ACTIVE'
                      AND s.community_id = ANY(sc.communities)) AS serving,
           EXISTS (SELECT 1 FROM group_assignment ga WHERE ga.member_id = m.id
                      AND ga.ended_at IS NULL AND ga.party_group_id = ANY(sc.groups)) AS led,
           (m.residence_community_id = ANY(sc.communities) OR m.id = ANY(sc.members)) AS at_home,
           m.kind = 'SECONDED' AND m.unit_id IN (SELECT p.unit_id FROM unit_community_pairing p
                      WHERE p.community_id = ANY(sc.communities) AND p.ended_at IS NULL) AS paired
      FROM scope sc, member m LEFT JOIN courtyard y ON y.id = m.residence_courtyard_id),
  page AS (
    SELECT r.*, (r.holds OR r.serving OR r.led) AS clear, count(*) OVER () AS total
      FROM rows r WHERE r.holds OR r.serving OR r.led OR r.paired
     ORDER BY r.name COLLATE "zh-x-icu", r.id LIMIT 20),
  audit AS (
    INSERT INTO audit_log (account_id, action, entity, entity_id, request_id)
    SELECT $1, 'member.personal_data.read', 'Member', id::text, $3 FROM page
     WHERE clear AND NOT at_home)
  SELECT (SELECT count(*) FROM actor) AS grants, page.* FROM (SELECT 1) AS one
    LEFT JOIN page ON TRUE ORDER BY page.name COLLATE "zh-x-icu", page.id`;

/** The community overview in one statement: each part aggregated by PostgreSQL. */
const OVERVIEW = `WITH ${ACTOR},
  c AS (SELECT * FROM community WHERE id = $3 AND (
    EXISTS (SELECT 1 FROM actor WHERE role = 'OPERATOR')
    OR $3 IN (SELECT community_id FROM actor WHERE role = 'COMMUNITY_ADMIN')))
  SELECT c.id, c.name, c.time_zone, c.re_report_interval_months,
    (SELECT json_agg(json_build_array(y.id, y.name, y.kind) ORDER BY y.name)
       FROM courtyard y WHERE y.community_id = c.id) AS courtyards,
    (SELECT json_agg(json_build_array(b.id, b.name, b.status,
        (SELECT coalesce(json_agg(json_build_array(g.id, g.name, g.courtyard_id, y.name,
                  l.id, l.name, d.id, d.name,
                  (SELECT count(*) FROM group_assignment a
                    WHERE a.party_group_id = g.id AND a.ended_at IS NULL)) ORDER BY y.name, g.id), '[]')
           FROM party_group g JOIN courtyard y ON y.id = g.courtyard_id
           LEFT JOIN group_assignment la ON la.party_group_id = g.id AND la.role = 'LEADER' AND la.ended_at IS NULL
           LEFT JOIN member l ON l.id = la.member_id
           LEFT JOIN group_assignment da ON da.party_group_id = g.id AND da.role = 'DEPUTY' AND da.ended_at IS NULL
           LEFT JOIN member d ON d.id = da.member_id
          WHERE g.branch_id = b.id)) ORDER BY b.status DESC, b.starts_on DESC, b.id)
       FROM temporary_branch b WHERE b.community_id = c.id) AS branches,
    (SELECT json_agg(json_build_array(t.id, t.name, t.kind, t.specialty,
        (SELECT count(*) FROM group_assignment a WHERE a.team_id = t.id AND a.ended_at IS NULL))
        ORDER BY t.name)
       FROM team t WHERE t.community_id = c.id) AS teams,
    (SELECT count(*) FROM member WHERE kind = 'RESIDENT' AND residence_community_id = c.id) AS residents,
    (SELECT count(*) FROM secondment WHERE community_id = c.id AND status = 'ACTIVE') AS seconded,
    (SELECT count(*) FROM secondment WHERE community_id = c.id AND status = 'ACTIVE'
        AND report_due_on < (now() AT TIME ZONE c.time_zone)::date) AS overdue
  FROM c`;

type Json = null | string | number | boolean | Json[] | { [key: string]: Json };
const person = (id: Json, name: Json) => (id === null ? null : { memberId: id, name });

const UNAUTHENTICATED = JSON.stringify({
  data: null,
  errors: [{ message: '请先登录', extensions: { code: 'UNAUTHENTICATED' } }],
});

async function me(sub: string, sid: string): Promise<string | null> {
  const { rows } = await pool.query<{
    id: string;
    username: string;
    role: string | null;
    community_id: string | null;
  }>({ name: 'me', text: ME, values: [sub, sid] });
  const [first] = rows;
  if (!first) return null;
  const grants = rows.flatMap((r) =>
    r.role ? [{ role: r.role, communityId: r.community_id }] : [],
  );
  return JSON.stringify({ data: { me: { id: first.id, username: first.username, grants } } });
}

async function members(sub: string, sid: string, requestId: string): Promise<string | null> {
  const { rows } = await pool.query<{
    grants: string;
    name: string;
    kind: string;
    phone_cipher: Buffer | null;
    courtyard: string | null;
    clear: boolean;
    total: string;
  }>({ name: 'members', text: MEMBERS, values: [sub, sid, requestId] });
  if (rows[0]?.grants === '0') return null;
  const items = rows.flatMap(({ phone_cipher, ...r }) => {
    if (phone_cipher === null) return [];
    const phone = decrypt(phone_cipher);
    return [
      {
        name: r.name,
        kind: r.kind,
        phone: r.clear ? phone : `${phone.slice(0, 3)}****${phone.slice(7)}`,
        residenceCourtyard: r.courtyard === null ? null : { name: r.courtyard },
      },
    ];
  });
  const totalCount = Number(items.length > 0 ? rows[0]?.total : 0);
  return JSON.stringify({ data: { members: { totalCount, items } } });
}

async function overview(sub: string, sid: string, communityId: string): Promise<string | null> {
  const { rows } = await pool.query<Record<string, Json>>({
    name: 'overview',
    text: OVERVIEW,
    values: [sub, sid, communityId],
  });
  const [c] = rows;
  if (!c) return null;
  const list = (value: Json): Json[][] => (Array.isArray(value) ? (value as Json[][]) : []);
  return JSON.stringify({
    data: {
      communityOverview: {
        community: {
          id: c.id,
          name: c.name,
          timeZone: c.time_zone,
          reReportIntervalMonths: c.re_report_interval_months,
        },
        courtyards: list(c.courtyards ?? null).map(([id, name, kind]) => ({ id, name, kind })),
        branches: list(c.branches ?? null).map(([id, name, status, groups]) => ({
          id,
          name,
          status,
          groups: list(groups ?? null).map(
            ([gid, gname, courtyardId, courtyardName, lid, lname, did, dname, count]) => ({
              id: gid,
              name: gname,
              courtyardId,
              courtyardName,
              leader: person(lid ?? null, lname ?? null),
              deputy: person(did ?? null, dname ?? null),
              memberCount: count,
            }),
          ),
        })),
        teams: list(c.teams ?? null).map(([id, name, kind, specialty, memberCount]) => ({
          id,
          name,
          kind,
          specialty,
          memberCount,
        })),
        residentMembers: Number(c.residents),
        secondedMembers: Number(c.seconded),
        overdueReReports: Number(c.overdue),
      },
    },
  });
}

let sequence = 0;
const server = http.createServer((request, response) => {
  request.resume();
  const who = claims(request.headers.authorization);
  const url = new URL(request.url ?? '/', 'http://bare');
  const answer = (body: string | null) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(body ?? UNAUTHENTICATED);
  };
  if (!who) {
    answer(null);
    return;
  }
  const work =
    url.pathname === '/me'
      ? me(who.sub, who.sid)
      : url.pathname === '/members'
        ? members(who.sub, who.sid, `bare-${String(++sequence)}`)
        : overview(who.sub, who.sid, url.searchParams.get('community') ?? '');
  work.then(answer, (error: unknown) => {
    console.error(error);
    response.writeHead(500).end();
  });
});

server.listen(Number(env('BARE_PORT')), '127.0.0.1', () => {
  console.log('bare handler listening');
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
