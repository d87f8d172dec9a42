import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { MemberReport, ReportedActivity } from './member-reports.js';

/**
 * Noto Sans SC (SIL Open Font License), shipped in an npm package, so the
 * font is installed with the project and never fetched at run time; the
 * PDF embeds only the glyphs it uses.
 */
const FONT = createRequire(import.meta.url).resolve(
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
);
let fontBytes: Buffer | undefined;

/** Activities on each page after the first (the summary's): a branch counts pages by them. */
export const ACTIVITIES_PER_PAGE = 12;

const CATEGORY = (activity: ReportedActivity) => (activity.volunteerService ? '' : '（履职）');

/**
 * The member report as a printable A4 PDF: the summary on the first page,
 * then the verified activities, ACTIVITIES_PER_PAGE to a page (date, theme,
 * place, hours, content), with the page number in the footer.
 */
export function memberReportPdf(report: MemberReport): Readable {
  fontBytes ??= readFileSync(FONT);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    // every page kept until the end, so each can be numbered "n / total"
    bufferPages: true,
    info: { Title: `${report.name} 服务纪实报告` },
  });
  doc.registerFont('body', fontBytes);
  doc.font('body');
  doc.fontSize(18).text('党员服务纪实报告', { align: 'center' }).moveDown();
  const line = (label: string, value: string) => doc.fontSize(11).text(`${label}：${value}`);
  line('姓名', report.name);
  line('单位', report.unitName ?? '—');
  line('服务社区', report.community ?? '—');
  line('期间', report.period.label);
  doc.moveDown();
  line(
    '服务时长',
    `${String(report.hours)} 小时（其中志愿服务 ${String(report.volunteerHours)} 小时）`,
  );
  line('服务活动', `${String(report.activities.length)} 次`);
  line('完成任务', `${String(report.tasksServed)} 次`);
  line(
    '岗位值守',
    `${String(report.shiftsKept)} 班${report.posts.length ? `（${report.posts.join('、')}）` : ''}`,
  );
  if (report.commitment) {
    line(
      '服务承诺',
      `每月 ${String(report.commitment.hoursPerMonth)} 小时，${String(report.commitment.months)} 个月中践诺 ${String(report.commitment.monthsKept)} 个月`,
    );
  }
  line(
    '群众评价',
    report.ratings.count
      ? `${String(report.ratings.count)} 次，平均 ${String(report.ratings.average)} 分`
      : '暂无',
  );
  line('志愿者星级', report.starLevel ? `${String(report.starLevel)} 星` : '未达星级');
  doc
    .moveDown()
    .fontSize(9)
    .fillColor('#555')
    .text('仅统计经审核通过的纪实记录；“履职”为岗位职责内的服务，不计入志愿服务时长。');
  doc.fillColor('black');
  report.activities.forEach((activity, i) => {
    if (i % ACTIVITIES_PER_PAGE === 0) {
      doc.addPage();
      doc
        .fontSize(13)
        .text(
          `服务纪实（${String(i + 1)}–${String(Math.min(i + ACTIVITIES_PER_PAGE, report.activities.length))}）`,
        );
      doc.moveDown(0.5);
    }
    doc
      .fontSize(10.5)
      .text(
        `${activity.date}  ${activity.theme}${CATEGORY(activity)}  ${activity.place}（${activity.community}）  ${String(activity.hours)} 小时`,
      )
      .fontSize(9)
      .fillColor('#333')
      .text(activity.content, { indent: 16, height: 24, ellipsis: true })
      .fillColor('black')
      .moveDown(0.4);
  });
  const pages = doc.bufferedPageRange();
  for (let page = pages.start; page < pages.start + pages.count; page++) {
    doc.switchToPage(page);
    doc.page.margins.bottom = 0; // the footer sits in the margin without starting a page
    doc.fontSize(8).text(`${String(page + 1)} / ${String(pages.count)}`, 56, doc.page.height - 40, {
      align: 'center',
      lineBreak: false,
    });
  }
  doc.end();
  return doc;
}
