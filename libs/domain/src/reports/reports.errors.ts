import { CommonErrors } from '#core';

export const ReportsErrors = {
  period: () =>
    CommonErrors.invalidInput('period', {
      'zh-CN':
        '报表期间须为预设期间（月、季度、半年、年）加一个日期，或 YYYY-MM 至 YYYY-MM（最长五年）',
      en: 'A report period is a preset (month, quarter, half-year, year) with a day, or YYYY-MM to YYYY-MM (at most five years)',
    }),
};
