import { CommonErrors, DomainError } from '#core';

export const ReportsErrors = {
  period: () =>
    CommonErrors.invalidInput('period', {
      'zh-CN':
        '报表期间须为预设期间（月、季度、半年、年）加一个日期，或 YYYY-MM 至 YYYY-MM（最长五年）',
      en: 'A report period is a preset (month, quarter, half-year, year) with a day, or YYYY-MM to YYYY-MM (at most five years)',
    }),
  format: () =>
    CommonErrors.invalidInput('format', {
      'zh-CN': '单位参与情况报表可导出为 CSV 或 XLSX',
      en: 'A unit participation report exports as CSV or XLSX',
    }),
  /** The account already has as many exports waiting for the worker as it may. */
  tooManyExports: (max: number) =>
    new DomainError(
      'TOO_MANY_EXPORTS',
      'RATE_LIMITED',
      {
        'zh-CN': `最多同时等待 ${String(max)} 个导出，请待已提交的导出完成后再试`,
        en: `At most ${String(max)} exports may wait at once; try again when one has finished`,
      },
      undefined,
      { max },
    ),
  exportNotFound: () => CommonErrors.notFound({ 'zh-CN': '导出文件', en: 'Export' }),
  /** A link that is not one of ours, is for another export, or has expired. */
  link: () =>
    new DomainError('FILE_LINK_INVALID', 'FORBIDDEN', {
      'zh-CN': '链接无效或已过期，请重新获取',
      en: 'The link is invalid or has expired; ask for a new one',
    }),
};
