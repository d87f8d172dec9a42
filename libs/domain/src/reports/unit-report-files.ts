import type { Readable } from 'node:stream';
import { csvStream } from './csv.js';
import type { UnitParticipationReport } from './participation-reports.js';

/** The member sheet's columns, as HR offices name them. */
const MEMBER_COLUMNS = [
  '姓名',
  '服务社区',
  '服务时长（小时）',
  '活动次数',
  '值守班次',
  '平均评分',
  '是否达标',
] as const;

const met = (value: boolean | null) => (value === null ? '' : value ? '是' : '否');

/**
 * The unit report as CSV: one row per member, then a total row with the
 * report's own totals (a sum of rounded member hours could differ from the
 * rounded total by a tenth). Verified logs only, as the report.
 */
export function unitReportCsv(report: UnitParticipationReport): Readable {
  function* rows(): Generator<(string | number | null)[]> {
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
  return csvStream(MEMBER_COLUMNS, rows());
}

/** The file's name as the download offers it: `市教育局-参与情况-2026-10..2026-12.csv`. */
export function unitReportFileName(unitName: string, months: string, extension: string): string {
  return `${unitName}-参与情况-${months}.${extension}`;
}
