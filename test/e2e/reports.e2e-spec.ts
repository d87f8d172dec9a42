import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql, UnitOfWork } from '#database';
import type { MemberView } from '#domain/members';
import { DutyLogRollup, ReportExports } from '#domain/reports';
import {
  createDispatchPlace,
  createPastBooking,
  createSeconded,
  createTaskTypeOf,
  eventually,
  signIn,
  startTestApi,
  startTestWorker,
  TestClock,
  unique,
  type DispatchPlace,
  type TestApi,
  type TestWorker,
} from '#testing';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const BACKFILL = `mutation($i: BackfillDutyLogInput!) { r: backfillDutyLog(input: $i) { id } }`;
const SUBMIT = `mutation($i: DutyLogInput!) { r: submitDutyLog(input: $i) { id } }`;
const VERIFY = `mutation($ids: [UUID!]!) { r: verifyDutyLogs(ids: $ids) { id } }`;
const REJECT = `mutation($id: UUID!) { r: rejectDutyLog(id: $id, reason: "与台账不符") { id } }`;
const CORRECT = `mutation($id: UUID!, $i: DutyLogInput!) { r: correctDutyLog(id: $id, input: $i) { id } }`;
const REQUIRE = `mutation($i: ServiceRequirementInput!) { r: setServiceRequirement(input: $i) { id } }`;
const EXPORT = `mutation($u: UUID!, $p: ReportPeriodInput!, $f: ExportFormat = CSV) {
  r: exportUnitParticipationReport(unitId: $u, period: $p, format: $f) { id status download { url } } }`;
const EXPORT_STATUS = `query($id: UUID!) { r: reportExport(id: $id) {
  status progress rows bytes download { url expiresAt } } }`;
const MEMBER_REPORT = `query($m: UUID!, $p: ReportPeriodInput!) { r: memberReport(memberId: $m, period: $p) {
  name hours volunteerHours commitment { hoursPerMonth monthsKept months } activities { date hours } } }`;
const EXPORT_MEMBER = `mutation($m: UUID!, $p: ReportPeriodInput!) {
  r: exportMemberReport(memberId: $m, period: $p) { id kind format status } }`;
const SIGN = `mutation { r: signCommitment(input: { hoursPerMonth: 2 }) { id } }`;
const REPORT = `query($u: UUID!, $p: ReportPeriodInput!) { r: unitParticipationReport(unitId: $u, period: $p) {
  unitName secondedMembers reportedIn reportInRate activeMembers hours medianHours hoursPerMember
  activities tasksServed shiftsKept completionRate period { fromMonth toMonth months label }
  requirement { period hours activities }
  belowRequirement { memberId }
  byCategory { key hours activities } byCommunity { key hours activities } byMonth { key hours activities }
  members { memberId name community hours activities shifts metRequirement } } }`;

const HOUR = 3_600_000;

interface Report {
  unitName: string;
  secondedMembers: number;
  reportedIn: number;
  activeMembers: number;
  hours: number;
  activities: number;
  tasksServed: number;
  completionRate: number | null;
  requirement: { period: string; hours: number | null } | null;
  belowRequirement: { memberId: string }[];
  byCategory: { key: string; hours: number; activities: number }[];
  byCommunity: { key: string; hours: number; activities: number }[];
  byMonth: { key: string; hours: number; activities: number }[];
  members: {
    memberId: string;
    name: string;
    hours: number;
    activities: number;
    metRequirement: boolean | null;
  }[];
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The unit participation report against an independent sum over the duty
 * logs themselves, for logs generated at random with rejections and
 * corrections; the rollup it reads matches its rebuild; a unit's HR sees
 * its own unit only.
 */
describe('unit participation reports', () => {
  // Tuesday 24 November 2026, noon in Beijing
  const clock = new TestClock(new Date('2026-11-24T04:00:00Z'));
  let api: TestApi;
  let worker: TestWorker;

  beforeAll(async () => {
    api = await startTestApi({ clock });
    worker = await startTestWorker({ clock });
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  const tokenOf = (member: MemberView) =>
    signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);
  const logInput = (place: DispatchPlace, startsAt: Date, hours: number, extra = {}) => ({
    clientRequestId: unique('app'),
    theme: '入户走访',
    content: '走访独居老人',
    place: '东湖小区',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + hours * HOUR).toISOString(),
    communityId: place.community.id,
    ...extra,
  });

  /** The verified logs of the members, summed straight from duty_log, by member and by local month. */
  async function independentSums(memberIds: string[], from: string, until: string) {
    return api.app.get(UnitOfWork).query<{
      memberId: string;
      month: string;
      minutes: number;
      logs: number;
    }>(sql`
      SELECT l.member_id AS "memberId", to_char(l.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM') AS month,
             sum(l.minutes)::int AS minutes, count(*)::int AS logs
        FROM duty_log l JOIN community c ON c.id = l.community_id
       WHERE l.member_id = ANY(${memberIds}::uuid[]) AND l.status = 'VERIFIED'
         AND (l.starts_at AT TIME ZONE c.time_zone) >= ${from}::date
         AND (l.starts_at AT TIME ZONE c.time_zone) < ${until}::date
       GROUP BY 1, 2`);
  }

  it('equals an independent sum of the verified logs, whatever was rejected or corrected', async () => {
    const next = random(20261124);
    const place = await createDispatchPlace(api.app);
    const other = await createDispatchPlace(api.app);
    const members = [];
    for (let i = 0; i < 6; i++) members.push(await createSeconded(api.app, place));
    const outsider = await createSeconded(api.app, other);
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    const otherCommittee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: other.community.id },
    ]);
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]);
    await api.ok(REQUIRE, { i: { unitId: place.unit.id, period: 'QUARTER', minHours: 6 } }, hr);

    // Each member: logs on distinct days of October and November, backfilled by
    // the committee, then verified, rejected or left waiting; some verified ones
    // corrected, the correction verified or rejected.
    const outcomes = { verified: 0, rejected: 0, waiting: 0, corrected: 0 };
    for (const member of members) {
      const token = await tokenOf(member);
      const days = [...Array(50).keys()].sort(() => next() - 0.5).slice(0, 5);
      for (const day of days) {
        const startsAt = new Date(Date.UTC(2026, 9, 1 + day, 1 + Math.floor(next() * 8)));
        const hours = 0.5 + Math.floor(next() * 6) / 2;
        const log = await api.ok<{ id: string }>(
          BACKFILL,
          {
            i: { ...logInput(place, startsAt, hours), memberId: member.id, reason: '纸质台账补录' },
          },
          committee,
        );
        const fate = next();
        if (fate < 0.15) {
          await api.ok(REJECT, { id: log.id }, committee);
          outcomes.rejected += 1;
        } else if (fate < 0.25) {
          outcomes.waiting += 1;
        } else {
          await api.ok(VERIFY, { ids: [log.id] }, committee);
          outcomes.verified += 1;
          if (next() < 0.3) {
            const correction = await api.ok<{ id: string }>(
              CORRECT,
              { id: log.id, i: logInput(place, startsAt, hours + 1) },
              token,
            );
            if (next() < 0.7) await api.ok(VERIFY, { ids: [correction.id] }, committee);
            else await api.ok(REJECT, { id: correction.id }, committee);
            outcomes.corrected += 1;
          }
        }
      }
    }
    // a professional task served this morning by the first member, verified
    const booking = await createPastBooking(api.app, {
      place,
      memberId: members[0]!.id,
      taskTypeId: await createTaskTypeOf(api.app, 'PROFESSIONAL'),
      hoursAgo: 4,
      slotKind: 'SECONDED',
    });
    const served = await api.ok<{ id: string }>(
      SUBMIT,
      {
        i: logInput(place, new Date(clock.now().getTime() - 4 * HOUR), 2, {
          assignmentId: booking,
          communityId: null,
        }),
      },
      await tokenOf(members[0]!),
    );
    await api.ok(VERIFY, { ids: [served.id] }, committee);
    // the outsider's verified service must never show in unit A's numbers
    const theirs = await api.ok<{ id: string }>(
      BACKFILL,
      {
        i: {
          ...logInput(other, new Date('2026-10-20T02:00:00Z'), 5),
          memberId: outsider.id,
          reason: '纸质台账补录',
        },
      },
      otherCommittee,
    );
    await api.ok(VERIFY, { ids: [theirs.id] }, otherCommittee);
    expect(outcomes.verified).toBeGreaterThan(10);
    expect(outcomes.rejected + outcomes.corrected).toBeGreaterThan(2);

    const report = await api.ok<Report>(
      REPORT,
      { u: place.unit.id, p: { preset: 'QUARTER', day: '2026-11-24' } },
      hr,
    );
    const ids = members.map((m) => m.id);
    const sums = await independentSums(ids, '2026-10-01', '2027-01-01');
    const minutesOf = (memberId: string) =>
      sums.filter((s) => s.memberId === memberId).reduce((t, s) => t + s.minutes, 0);
    const logsOf = (memberId: string) =>
      sums.filter((s) => s.memberId === memberId).reduce((t, s) => t + s.logs, 0);
    const total = sums.reduce((t, s) => t + s.minutes, 0);
    const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

    expect(report.secondedMembers).toBe(6);
    expect(report.reportedIn).toBe(6);
    expect(report.hours).toBe(hours(total));
    expect(report.activities).toBe(sums.reduce((t, s) => t + s.logs, 0));
    expect(report.tasksServed).toBe(1);
    expect(report.members.map((m) => m.memberId).sort()).toEqual([...ids].sort());
    expect(report.members.map((m) => m.memberId)).not.toContain(outsider.id);
    for (const row of report.members) {
      expect([row.hours, row.activities]).toEqual([
        hours(minutesOf(row.memberId)),
        logsOf(row.memberId),
      ]);
      expect(row.metRequirement).toBe(minutesOf(row.memberId) >= 6 * 60);
    }
    expect(report.activeMembers).toBe(ids.filter((id) => logsOf(id) > 0).length);
    expect(report.requirement).toEqual({ period: 'QUARTER', hours: 6, activities: null });
    expect(report.belowRequirement.map((m) => m.memberId).sort()).toEqual(
      ids.filter((id) => minutesOf(id) < 360).sort(),
    );
    for (const month of ['2026-10', '2026-11']) {
      const monthly = sums.filter((s) => s.month === month).reduce((t, s) => t + s.minutes, 0);
      expect(report.byMonth.find((b) => b.key === month)?.hours ?? 0).toBe(hours(monthly));
    }
    expect(report.byCommunity).toEqual([
      { key: place.community.name, hours: hours(total), activities: report.activities },
    ]);
    const categories = Object.fromEntries(report.byCategory.map((b) => [b.key, b.activities]));
    expect(categories.PROFESSIONAL).toBe(1);
    expect(report.byCategory.reduce((t, b) => t + b.activities, 0)).toBe(report.activities);

    // the rollup the report read is the logs' own sum, and its rebuild changes nothing
    const rollup = api.app.get(DutyLogRollup);
    expect(await rollup.differences()).toEqual([]);
    await rollup.rebuild();
    expect(await rollup.differences()).toEqual([]);
    expect(
      await api.ok<Report>(
        REPORT,
        { u: place.unit.id, p: { preset: 'QUARTER', day: '2026-11-24' } },
        hr,
      ),
    ).toEqual(report);
  });

  it('refuses another unit’s report, and finds a tampered rollup off', async () => {
    const place = await createDispatchPlace(api.app);
    const other = await createDispatchPlace(api.app);
    const member = await createSeconded(api.app, place);
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: other.unit.id }]);
    expect(
      await api.errorOf(
        REPORT,
        { u: place.unit.id, p: { fromMonth: '2026-01', toMonth: '2026-12' } },
        hr,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await api.errorOf(
        REPORT,
        { u: other.unit.id, p: { fromMonth: '2026-05', toMonth: '2026-04' } },
        hr,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
    const member_ = await tokenOf(member);
    expect(
      await api.errorOf(
        REPORT,
        { u: place.unit.id, p: { preset: 'YEAR', day: '2026-11-24' } },
        member_,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });

    // a bucket changed behind the trigger's back is found by the check
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    const log = await api.ok<{ id: string }>(
      BACKFILL,
      {
        i: {
          ...logInput(place, new Date('2026-10-05T02:00:00Z'), 2),
          memberId: member.id,
          reason: '纸质台账补录',
        },
      },
      committee,
    );
    await api.ok(VERIFY, { ids: [log.id] }, committee);
    await api.app.get(UnitOfWork).query(sql`
      UPDATE duty_log_rollup SET minutes = minutes + 1 WHERE member_id = ${member.id}`);
    const rollup = api.app.get(DutyLogRollup);
    expect(await rollup.differences()).toEqual([
      expect.objectContaining({ memberId: member.id, rollupMinutes: 121, logMinutes: 120 }),
    ]);
    await rollup.rebuild();
    expect(await rollup.differences()).toEqual([]);
  });

  it('exports the report as CSV and XLSX through the worker: both parse back to the report’s numbers', async () => {
    const place = await createDispatchPlace(api.app);
    const members = [
      await createSeconded(api.app, place, { name: '张三' }),
      await createSeconded(api.app, place, { name: '=HYPERLINK("x")' }),
    ];
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    for (const [i, member] of members.entries()) {
      const log = await api.ok<{ id: string }>(
        BACKFILL,
        {
          i: {
            ...logInput(place, new Date(`2026-10-1${String(i)}T02:00:00Z`), 1.5 + i),
            memberId: member.id,
            reason: '纸质台账补录',
          },
        },
        committee,
      );
      await api.ok(VERIFY, { ids: [log.id] }, committee);
    }
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]);
    const period = { preset: 'QUARTER', day: '2026-11-24' };
    const report = await api.ok<Report>(REPORT, { u: place.unit.id, p: period }, hr);
    const asked = await api.ok<{ id: string; status: string; download: null }>(
      EXPORT,
      { u: place.unit.id, p: period },
      hr,
    );
    expect(asked).toMatchObject({ status: 'QUEUED', download: null });
    let done: { status: string; rows: number; download: { url: string } | null } | undefined;
    await eventually(async () => {
      done = await api.ok(EXPORT_STATUS, { id: asked.id }, hr);
      return done?.status === 'DONE';
    });
    expect(done?.rows).toBe(2);

    const file = await api.app.inject({ method: 'GET', url: done?.download?.url ?? 'missing' });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(file.headers['content-disposition'])).toContain(
      encodeURIComponent(`${report.unitName}-参与情况-2026-10..2026-12.csv`),
    );
    expect(file.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows: string[][] = parse(file.rawPayload.toString('utf8'), { bom: true });
    expect(rows[0]).toEqual([
      '姓名',
      '服务社区',
      '服务时长（小时）',
      '活动次数',
      '值守班次',
      '平均评分',
      '是否达标',
    ]);
    const body = rows.slice(1, -1);
    expect(body.map((r) => [r[0], Number(r[2]), Number(r[3])])).toEqual(
      report.members.map((m) => [
        m.name.startsWith('=') ? `'${m.name}` : m.name,
        m.hours,
        m.activities,
      ]),
    );
    expect(rows.at(-1)?.slice(0, 4)).toEqual([
      '合计',
      '',
      String(report.hours),
      String(report.activities),
    ]);
    expect(body.reduce((t, r) => t + Number(r[3]), 0)).toBe(report.activities);

    // the workbook: its member sheet, summary and month sheet say the same
    const workbook = await api.ok<{ id: string }>(
      EXPORT,
      { u: place.unit.id, p: period, f: 'XLSX' },
      hr,
    );
    let xlsx: { status: string; download: { url: string } | null } | undefined;
    await eventually(async () => {
      xlsx = await api.ok(EXPORT_STATUS, { id: workbook.id }, hr);
      return xlsx?.status === 'DONE';
    });
    const xlsxFile = await api.app.inject({ method: 'GET', url: xlsx?.download?.url ?? 'missing' });
    expect(xlsxFile.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Uint8Array.from(xlsxFile.rawPayload).buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '汇总',
      '成员',
      '按类别',
      '按社区',
      '按月',
    ]);
    const sheetRows = (name: string) => {
      const rows: unknown[][] = [];
      book.getWorksheet(name)?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    expect(
      sheetRows('成员')
        .slice(1, -1)
        .map((r) => [r[2], r[3]]),
    ).toEqual(report.members.map((m) => [m.hours, m.activities]));
    expect(sheetRows('成员').at(-1)?.slice(0, 1)).toEqual(['合计']);
    expect(sheetRows('成员').at(-1)?.slice(2, 4)).toEqual([report.hours, report.activities]);
    const summary = new Map(sheetRows('汇总').map(([k, v]) => [k, v]));
    expect(summary.get('服务时长（小时）')).toBe(report.hours);
    expect(summary.get('活动次数')).toBe(report.activities);
    expect(sheetRows('按月').slice(1)).toEqual(
      report.byMonth.map((b) => [b.key, b.hours, b.activities]),
    );

    // another unit's HR can neither export this unit nor read this export
    const otherHr = await signIn(api.app, [
      { role: 'UNIT_HR', unitId: (await createDispatchPlace(api.app)).unit.id },
    ]);
    expect(await api.errorOf(EXPORT, { u: place.unit.id, p: period }, otherHr)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await api.errorOf(EXPORT_STATUS, { id: asked.id }, otherHr)).toMatchObject({
      code: 'NOT_FOUND',
    });
    // the link expires, and an altered one never works
    const tampered = (done?.download?.url ?? '').replace(
      /signature=(.)/,
      (_, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`,
    );
    expect((await api.app.inject({ method: 'GET', url: tampered })).statusCode).toBe(403);
    clock.advance(api.config.storage.linkTtlSeconds * 1000 + 1000);
    expect(
      (await api.app.inject({ method: 'GET', url: done?.download?.url ?? '' })).statusCode,
    ).toBe(403);

    // past the retention the file and its row are gone
    clock.advance(api.config.reports.exportRetentionDays * 24 * HOUR);
    await worker.module.get(ReportExports).prune();
    expect(
      await api.errorOf(
        EXPORT_STATUS,
        { id: asked.id },
        await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]),
      ),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('makes a member’s half-year report, readable by them and their unit’s HR, and its PDF', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createSeconded(api.app, place, { name: '欧阳晓明' });
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    const token = await tokenOf(member);
    await api.ok(SIGN, {}, token);
    // 26 activities from July on, one a day, and one more rejected
    const verified: string[] = [];
    for (let day = 0; day < 27; day++) {
      const log = await api.ok<{ id: string }>(
        BACKFILL,
        {
          i: {
            ...logInput(place, new Date(Date.UTC(2026, 6, 1 + day * 5, 1)), 1 + (day % 3)),
            memberId: member.id,
            reason: '纸质台账补录',
          },
        },
        committee,
      );
      if (day === 26) await api.ok(REJECT, { id: log.id }, committee);
      else verified.push(log.id);
    }
    await api.ok(VERIFY, { ids: verified }, committee);
    const period = { preset: 'HALF_YEAR', day: '2026-11-24' };
    const report = await api.ok<{
      name: string;
      hours: number;
      commitment: { hoursPerMonth: number; months: number; monthsKept: number };
      activities: { date: string; hours: number }[];
    }>(MEMBER_REPORT, { m: member.id, p: period }, token);
    expect(report.activities).toHaveLength(26);
    const [sum] = await api.app.get(UnitOfWork).query<{ minutes: number }>(sql`
      SELECT sum(minutes)::int AS minutes FROM duty_log WHERE member_id = ${member.id} AND status = 'VERIFIED'`);
    expect(report.hours).toBe(Math.round(((sum?.minutes ?? 0) / 60) * 10) / 10);
    // the commitment (2 h a month) kept in each month whose verified volunteer hours reach it
    const byMonth = new Map<string, number>();
    for (const a of report.activities) {
      byMonth.set(a.date.slice(0, 7), (byMonth.get(a.date.slice(0, 7)) ?? 0) + a.hours);
    }
    expect(report.commitment).toEqual({
      hoursPerMonth: 2,
      months: 6,
      monthsKept: [...byMonth.values()].filter((hours) => hours >= 2).length,
    });
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]);
    expect(
      (await api.ok<{ name: string }>(MEMBER_REPORT, { m: member.id, p: period }, hr)).name,
    ).toBe('欧阳晓明');
    const stranger = await createSeconded(api.app, await createDispatchPlace(api.app));
    for (const outsider of [
      await tokenOf(stranger),
      await signIn(api.app, [
        { role: 'UNIT_HR', unitId: (await createDispatchPlace(api.app)).unit.id },
      ]),
    ]) {
      expect(await api.errorOf(MEMBER_REPORT, { m: member.id, p: period }, outsider)).toMatchObject(
        {
          code: 'FORBIDDEN',
        },
      );
      expect(await api.errorOf(EXPORT_MEMBER, { m: member.id, p: period }, outsider)).toMatchObject(
        {
          code: 'FORBIDDEN',
        },
      );
    }

    const asked = await api.ok<{ id: string; kind: string; format: string }>(
      EXPORT_MEMBER,
      { m: member.id, p: period },
      token,
    );
    expect(asked).toMatchObject({ kind: 'MEMBER', format: 'PDF' });
    let done: { status: string; rows: number; download: { url: string } | null } | undefined;
    await eventually(async () => {
      done = await api.ok(EXPORT_STATUS, { id: asked.id }, token);
      return done?.status === 'DONE';
    });
    const file = await api.app.inject({ method: 'GET', url: done?.download?.url ?? 'missing' });
    expect(file.headers['content-type']).toBe('application/pdf');
    const pdf = await getDocument({ data: new Uint8Array(file.rawPayload) }).promise;
    // the summary, then twelve activities a page
    expect(pdf.numPages).toBe(1 + Math.ceil(26 / 12));
    let text = '';
    for (let page = 1; page <= pdf.numPages; page++) {
      const content = await (await pdf.getPage(page)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join('');
    }
    expect(text).toContain('欧阳晓明');
    expect(text).toContain(`${String(report.hours)} 小时`);
    expect(text).toContain(report.activities[25]?.date);
    expect(text).toContain('1 / 4');
    expect(text).toContain('4 / 4');
  });

  it('counts a log in the month of its start in the community’s time zone, not the server’s', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createSeconded(api.app, place);
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    // 23:30 on 30 September and 00:30 on 1 October in Beijing (both 30 September in UTC)
    for (const [startsAt, hours] of [
      ['2026-09-30T15:30:00Z', 1],
      ['2026-09-30T16:30:00Z', 2],
    ] as const) {
      const log = await api.ok<{ id: string }>(
        BACKFILL,
        {
          i: { ...logInput(place, new Date(startsAt), hours), memberId: member.id, reason: '补录' },
        },
        committee,
      );
      await api.ok(VERIFY, { ids: [log.id] }, committee);
    }
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]);
    const hoursIn = async (day: string) =>
      (await api.ok<Report>(REPORT, { u: place.unit.id, p: { preset: 'QUARTER', day } }, hr)).hours;
    expect(await hoursIn('2026-08-15')).toBe(1);
    expect(await hoursIn('2026-11-24')).toBe(2);
  });
});
