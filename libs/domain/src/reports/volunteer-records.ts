import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { CommonErrors, PersonalDataCipher, type Actor } from '#core';
import { sql, UnitOfWork } from '#database';
import { administers } from '#domain/organisation';
import { hoursOf } from './report-numbers.js';
import { periodEnd, type ReportPeriod } from './report-period.js';
import { xlsxStream, type CellValue, type XlsxColumn } from './xlsx-writer.js';

/** Records read per statement: a community's year is read page by page, never whole. */
const PAGE = 2_000;

const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  ROUTINE: '常规服务',
  PROFESSIONAL: '专业服务',
  JOINT: '联合服务',
  SELF_INITIATED: '自主服务',
};
const GENDERS: Readonly<Record<string, string>> = { MALE: '男', FEMALE: '女' };

/** 志愿者基本信息, as the national rules (民政部令第67号) list them. */
const VOLUNTEER_COLUMNS: readonly XlsxColumn[] = [
  { header: '姓名', width: 12 },
  { header: '性别', width: 6 },
  { header: '出生日期', width: 12 },
  { header: '公民身份号码', width: 22 },
  { header: '居住区域', width: 24 },
  { header: '联系方式', width: 14 },
  { header: '技能特长', width: 20 },
  { header: '服务类别', width: 20 },
];
/** 志愿服务记录: one per verified volunteer-service log. */
const RECORD_COLUMNS: readonly XlsxColumn[] = [
  { header: '姓名', width: 12 },
  { header: '公民身份号码', width: 22 },
  { header: '活动名称', width: 24 },
  { header: '服务日期', width: 12 },
  { header: '服务地点', width: 24 },
  { header: '服务内容', width: 40 },
  { header: '服务时长（小时）', width: 16, format: 'decimal' },
  { header: '组织单位', width: 20 },
  { header: '负责人', width: 14 },
];

interface VolunteerRow {
  name: string;
  gender: string;
  birthDate: string;
  idNumber: Buffer;
  residence: string | null;
  phone: Buffer;
  skills: string[];
  categories: string[];
}

interface RecordRow {
  startsAt: Date;
  id: string;
  name: string;
  idNumber: Buffer;
  theme: string;
  date: string;
  place: string;
  content: string;
  minutes: number;
  verifier: string | null;
}

/**
 * The volunteer-record export (志愿服务记录): a community's volunteers
 * with the national standard's basic information, and each record of
 * their service there. Only logs flagged as volunteer service count: an
 * obligatory duty (a seconded member's post, say) is never a volunteer
 * record (《志愿服务记录与证明出具办法》), and only verified ones. It holds ID
 * numbers and phones in the clear, so only operators and the community's
 * committee may ask for it, and the file is sealed in storage.
 */
@Injectable()
export class VolunteerRecords {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: PersonalDataCipher,
  ) {}

  assertReader(actor: Actor, communityId: string): void {
    if (!administers(actor, communityId)) throw CommonErrors.forbidden();
  }

  /** The workbook, its volunteers and records read as it is written; with the community's name and the records' count. */
  async workbook(
    communityId: string,
    period: ReportPeriod,
  ): Promise<{ body: Readable; communityName: string; volunteers: number }> {
    const [community] = await this.uow.query<{ name: string }>(sql`
      SELECT name FROM community WHERE id = ${communityId}::uuid`);
    if (!community) throw CommonErrors.notFound({ 'zh-CN': '社区', en: 'Community' });
    const until = periodEnd(period);
    const volunteers = await this.uow.query<VolunteerRow>(sql`
      SELECT m.name, m.gender, to_char(m.birth_date, 'YYYY-MM-DD') AS "birthDate",
             m.id_number_cipher AS "idNumber", m.phone_cipher AS phone, m.skills,
             CASE WHEN rc.id IS NULL THEN NULL ELSE rc.name || coalesce(' ' || y.name, '') END AS residence,
             array_agg(DISTINCT r.category ORDER BY r.category) AS categories
        FROM duty_log_rollup r
        JOIN member m ON m.id = r.member_id
        LEFT JOIN community rc ON rc.id = m.residence_community_id
        LEFT JOIN courtyard y ON y.id = m.residence_courtyard_id AND y.community_id = rc.id
       WHERE r.community_id = ${communityId}::uuid AND r.volunteer_service AND r.logs > 0
         AND r.month >= ${period.fromMonth}::date AND r.month < ${until}::date
       GROUP BY m.id, rc.id, y.id
       ORDER BY m.name, m.id`);
    const organiser = `${community.name}党委`;
    const open = (sealed: Buffer) => this.cipher.decrypt(sealed);
    const records = this.records(communityId, period.fromMonth, until);
    const body = xlsxStream([
      {
        name: '志愿者基本信息',
        columns: VOLUNTEER_COLUMNS,
        rows: volunteers.map((v): CellValue[] => [
          v.name,
          GENDERS[v.gender] ?? v.gender,
          v.birthDate,
          open(v.idNumber),
          v.residence,
          open(v.phone),
          v.skills.join('、'),
          v.categories.map((c) => CATEGORY_NAMES[c] ?? c).join('、'),
        ]),
      },
      {
        name: '志愿服务记录',
        columns: RECORD_COLUMNS,
        rows: (async function* () {
          for await (const r of records) {
            yield [
              r.name,
              open(r.idNumber),
              r.theme,
              r.date,
              r.place,
              r.content,
              hoursOf(r.minutes),
              organiser,
              r.verifier ?? '系统核验',
            ];
          }
        })(),
      },
    ]);
    return { body, communityName: community.name, volunteers: volunteers.length };
  }

  /** The verified volunteer-service logs of the community in the months, page by page, oldest first. */
  private async *records(
    communityId: string,
    from: string,
    until: string,
  ): AsyncGenerator<RecordRow> {
    let after: { startsAt: Date; id: string } | undefined;
    for (;;) {
      const page: RecordRow[] = await this.uow.query<RecordRow>(sql`
        SELECT l.starts_at AS "startsAt", l.id, m.name, m.id_number_cipher AS "idNumber", l.theme,
               to_char(l.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM-DD') AS date, l.place, l.content,
               l.minutes, coalesce(dm.name, d.username) AS verifier
          FROM duty_log l
          JOIN community c ON c.id = l.community_id
          JOIN member m ON m.id = l.member_id
          -- who verified it: a group leader by name, committee staff by their sign-in
          LEFT JOIN account d ON d.id = l.decided_by
          LEFT JOIN role_grant dg ON dg.account_id = d.id AND dg.role = 'MEMBER'
          LEFT JOIN member dm ON dm.id = dg.member_id
         WHERE l.community_id = ${communityId}::uuid AND l.status = 'VERIFIED' AND l.volunteer_service
           AND l.starts_at >= ${from}::date::timestamp AT TIME ZONE c.time_zone
           AND l.starts_at < ${until}::date::timestamp AT TIME ZONE c.time_zone
           AND (${after?.startsAt ?? null}::timestamptz IS NULL
                OR (l.starts_at, l.id) > (${after?.startsAt ?? null}::timestamptz, ${after?.id ?? null}::uuid))
         ORDER BY l.starts_at, l.id
         LIMIT ${PAGE}`);
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < PAGE) return;
      after = { startsAt: last.startsAt, id: last.id };
    }
  }
}
