import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { sql, UnitOfWork } from '#database';
import { TaskTypesService } from '#domain/task-types';
import { openStream } from '#storage';
import {
  createDispatchPlace,
  createMember,
  createPastBooking,
  createServingMember,
  eventually,
  operatorActor,
  signIn,
  startTestApi,
  startTestWorker,
  TestClock,
  unique,
  type DispatchPlace,
  type TestApi,
  type TestWorker,
} from '#testing';

const SUBMIT = `mutation($i: DutyLogInput!) { r: submitDutyLog(input: $i) { id volunteerService } }`;
const BACKFILL = `mutation($i: BackfillDutyLogInput!) { r: backfillDutyLog(input: $i) { id } }`;
const VERIFY = `mutation($ids: [UUID!]!) { r: verifyDutyLogs(ids: $ids) { id } }`;
const REJECT = `mutation($id: UUID!) { r: rejectDutyLog(id: $id, reason: "与台账不符") { id } }`;
const EXPORT = `mutation($c: UUID!, $p: ReportPeriodInput!) {
  r: exportVolunteerRecords(communityId: $c, period: $p) { id kind format status } }`;
const STATUS = `query($id: UUID!) { r: reportExport(id: $id) { status rows download { url } } }`;

const HOUR = 3_600_000;

/**
 * The volunteer-record export: the national standard's fields, volunteer
 * service only (never an obligatory duty, never an unverified log), for the
 * community's committee only, sealed in storage and opened for its download.
 */
describe('volunteer-record export', () => {
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

  const log = (place: DispatchPlace, theme: string, hoursAgo: number, extra = {}) => ({
    clientRequestId: unique('app'),
    theme,
    content: '服务内容',
    place: '东湖小区',
    startsAt: new Date(clock.now().getTime() - hoursAgo * HOUR).toISOString(),
    endsAt: new Date(clock.now().getTime() - (hoursAgo - 1) * HOUR).toISOString(),
    communityId: place.community.id,
    ...extra,
  });

  it('lists volunteer service only, with the standard fields, sealed in storage', async () => {
    const place = await createDispatchPlace(api.app);
    const resident = await createMember(api.app, {
      kind: 'RESIDENT',
      name: '王秀英',
      residenceCommunityId: place.community.id,
      residenceCourtyardId: place.courtyard.id,
    });
    const seconded = await createServingMember(
      api.app,
      { unitId: place.unit.id, communityId: place.community.id },
      { name: '李建国' },
    );
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    const tokenOf = (memberId: string) => signIn(api.app, [{ role: 'MEMBER', memberId }]);
    const residentToken = await tokenOf(resident.member.id);
    const secondedToken = await tokenOf(seconded.member.id);
    const kept = [
      await api.ok<{ id: string }>(SUBMIT, { i: log(place, '助老送餐', 30) }, residentToken),
      await api.ok<{ id: string }>(SUBMIT, { i: log(place, '垃圾分类宣传', 20) }, secondedToken),
    ];
    // an obligatory duty of the seconded member: verified, yet never a volunteer record
    const duty = await api.app.get(TaskTypesService).createTaskType(operatorActor(), {
      name: unique('门岗值守'),
      basicKnowledge: 'LOW',
      professionalKnowledge: 'HIGH',
      intensity: 'LIGHT',
      requiredSkills: [],
      defaultDurationMinutes: 120,
      countsAsVolunteerService: false,
    });
    const booking = await createPastBooking(api.app, {
      place,
      memberId: seconded.member.id,
      taskTypeId: duty.id,
      hoursAgo: 10,
      slotKind: 'SECONDED',
    });
    const dutyLog = await api.ok<{ id: string; volunteerService: boolean }>(
      SUBMIT,
      { i: log(place, '门岗值守', 10, { assignmentId: booking, communityId: null }) },
      secondedToken,
    );
    expect(dutyLog.volunteerService).toBe(false);
    const rejected = await api.ok<{ id: string }>(
      BACKFILL,
      { i: { ...log(place, '未核实的活动', 50), memberId: resident.member.id, reason: '补录' } },
      committee,
    );
    await api.ok(REJECT, { id: rejected.id }, committee);
    await api.ok(VERIFY, { ids: [...kept.map((k) => k.id), dutyLog.id] }, committee);

    const period = { preset: 'QUARTER', day: '2026-11-24' };
    // the committee's alone: not unit HR, not another community's committee
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]);
    const elsewhere = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: (await createDispatchPlace(api.app)).community.id },
    ]);
    for (const outsider of [hr, elsewhere]) {
      expect(
        await api.errorOf(EXPORT, { c: place.community.id, p: period }, outsider),
      ).toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    const asked = await api.ok<{ id: string; kind: string; format: string }>(
      EXPORT,
      { c: place.community.id, p: period },
      committee,
    );
    expect(asked).toMatchObject({ kind: 'VOLUNTEER_RECORDS', format: 'XLSX' });
    let done: { status: string; rows: number; download: { url: string } | null } | undefined;
    await eventually(async () => {
      done = await api.ok(STATUS, { id: asked.id }, committee);
      return done?.status === 'DONE';
    });
    expect(done?.rows).toBe(2);

    // in storage the file is sealed: neither a zip nor any name or number in the clear
    const directory = join(api.config.storage.directory, 'exports');
    const [stored] = (await readdir(directory)).filter((file) => file.startsWith(asked.id));
    const raw = await readFile(join(directory, stored ?? 'missing'));
    expect(raw.subarray(0, 4).toString('latin1')).toBe('VGSF');
    // what is sealed is the workbook itself (a zip), opened only with the deployment's key
    const opened = await buffer(Readable.from([raw]).pipe(openStream(api.config.storage.sealKey)));
    expect(opened.subarray(0, 2).toString('latin1')).toBe('PK');
    await expect(
      buffer(Readable.from([raw]).pipe(openStream(Buffer.alloc(32, 9)))),
    ).rejects.toThrow();

    const file = await api.app.inject({ method: 'GET', url: done?.download?.url ?? 'missing' });
    expect(file.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Uint8Array.from(file.rawPayload).buffer);
    const rows = (name: string) => {
      const all: unknown[][] = [];
      book.getWorksheet(name)?.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
      return all;
    };
    const volunteers = rows('志愿者基本信息');
    expect(volunteers[0]).toEqual([
      '姓名',
      '性别',
      '出生日期',
      '公民身份号码',
      '居住区域',
      '联系方式',
      '技能特长',
      '服务类别',
    ]);
    const byName = new Map(volunteers.slice(1).map((row) => [row[0], row]));
    expect([...byName.keys()].sort()).toEqual(['李建国', '王秀英'].sort());
    expect(byName.get('王秀英')?.[3]).toBe(resident.input.idNumber);
    expect(byName.get('王秀英')?.[4]).toContain(place.community.name);
    const records = rows('志愿服务记录').slice(1);
    expect(records.map((r) => r[2]).sort()).toEqual(['助老送餐', '垃圾分类宣传'].sort());
    expect(records.every((r) => r[7] === `${place.community.name}党委`)).toBe(true);
    const [audited] = await api.app.get(UnitOfWork).query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM audit_log
       WHERE action = 'report.volunteer_records.export' AND entity_id = ${asked.id}`);
    expect(audited?.n).toBe(1);
  });
});
