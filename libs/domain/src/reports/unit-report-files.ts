import type { Readable } from 'node:stream';
import { csvStream } from './csv.js';
import { xlsxStream, type XlsxColumn } from './xlsx-writer.js';
import type { UnitParticipationReport } from './participation-reports.js';

/** The member sheet's columns, as HR offices name them. */
const MEMBER_SHEET: readonly XlsxColumn[] = [
  { header: '姓名', width: 14 },
  { header: '服务社区', width: 20 },
  { header: '服务时长（小时）', width: 18, format: 'decimal' },
  { header: '活动次数', width: 10, format: 'integer' },
  { header: '值守班次', width: 10, format: 'integer' },
  { header: '平均评分', width: 10, format: 'decimal' },
  { header: '是否达标', width: 10 },
];
const MEMBER_COLUMNS = MEMBER_SHEET.map((column) => column.header);
const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  ROUTINE: '常规类',
  PROFESSIONAL: '专业类',
  JOINT: '联合类',
  SELF_INITIATED: '自主服务',
};
const PERIOD_NAMES: Readonly<Record<string, string>> = {
  MONTH: '每月',
  QUARTER: '每季度',
  HALF_YEAR: '每半年',
  YEAR: '每年',
};
/** The report's counting rule, said in every file. */
const COUNTING = '仅统计已审核通过的纪实（不含待审核、已退回及已被更正替代的记录）';

const percent = (rate: number) => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
const met = (value: boolean | null) => (value === null ? '' : value ? '是' : '否');

/**
 * The unit report as CSV: one row per member, then a total row with the
 * report's own totals (a sum of rounded member hours could differ from the
 * rounded total by a tenth). Verified logs only, as the report.
 */
export function unitReportCsv(report: UnitParticipationReport): Readable {
  return csvStream(MEMBER_COLUMNS, memberRows(report));
}

function* memberRows(report: UnitParticipationReport): Generator<(string | number | null)[]> {
  for (const member of report.members) {
    yield [
      member.name,
      member.community,
      member.hours,
      member.activities,
      member.shifts,
      member.averageRating,
      met(member.metRequirement),
    ];
  }
  yield ['合计', null, report.hours, report.activities, report.shiftsKept, null, null];
}

/**
 * The unit report as a workbook: a summary sheet, the member sheet (with
 * its total row, as the CSV), and breakdowns by category, community and
 * month, the last with a column chart of hours by month.
 */
export function unitReportXlsx(report: UnitParticipationReport): Readable {
  const requirement = report.requirement;
  const summary: [string, string | number | null][] = [
    ['单位', report.unitName],
    ['期间', report.period.label],
    ['借调党员（人）', report.secondedMembers],
    ['已报到（人）', report.reportedIn],
    ['报到率', percent(report.reportInRate)],
    ['活跃人数（人）', report.activeMembers],
    ['服务时长（小时）', report.hours],
    ['人均时长（小时）', report.hoursPerMember],
    ['时长中位数（小时）', report.medianHours],
    ['活动次数', report.activities],
    ['任务服务次数', report.tasksServed],
    ['岗位值守班次', report.shiftsKept],
    [
      '本期要求',
      requirement
        ? `${PERIOD_NAMES[requirement.period] ?? ''}要求折合本期：${
            requirement.hours === null ? '' : `${String(requirement.hours)}小时`
          }${requirement.activities === null ? '' : ` ${String(requirement.activities)}次活动`}`
        : '未设定',
    ],
    ['达标率', report.completionRate === null ? null : percent(report.completionRate)],
    ['未达标（人）', requirement ? report.belowRequirement.length : null],
    ['统计口径', COUNTING],
  ];
  const breakdown = (key: string, width: number) => [
    { header: key, width },
    { header: '服务时长（小时）', width: 18, format: 'decimal' as const },
    { header: '活动次数', width: 10, format: 'integer' as const },
  ];
  return xlsxStream([
    {
      name: '汇总',
      columns: [
        { header: '项目', width: 20 },
        { header: '数值', width: 60 },
      ],
      rows: summary,
    },
    { name: '成员', columns: MEMBER_SHEET, rows: memberRows(report) },
    {
      name: '按类别',
      columns: breakdown('任务类别', 14),
      rows: report.byCategory.map((b) => [CATEGORY_NAMES[b.key] ?? b.key, b.hours, b.activities]),
    },
    {
      name: '按社区',
      columns: breakdown('社区', 24),
      rows: report.byCommunity.map((b) => [b.key, b.hours, b.activities]),
    },
    {
      name: '按月',
      columns: breakdown('月份', 12),
      rows: report.byMonth.map((b) => [b.key, b.hours, b.activities]),
      chart: { title: '按月服务时长（小时）' },
    },
  ]);
}
