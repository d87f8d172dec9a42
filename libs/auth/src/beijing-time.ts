import type { LocalizedMessage } from '#core';

const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function partsOf(instant: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const parts = Object.fromEntries(PARTS.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
  };
}

/**
 * When something ends, for a message: Beijing time (accounts belong to no one
 * community, and the whole service runs in China), rounded up to the minute
 * so "after 14:05" is never too early; with the date when it is not today.
 */
export function beijingTimeAfter(instant: Date, now: Date): LocalizedMessage {
  const end = partsOf(new Date(Math.ceil(instant.getTime() / 60_000) * 60_000));
  const today = partsOf(now);
  const time = `${end.hour}:${end.minute}`;
  if (end.year === today.year && end.month === today.month && end.day === today.day) {
    return { 'zh-CN': time, en: time };
  }
  return {
    'zh-CN': `${Number(end.month)}月${Number(end.day)}日 ${time}`,
    en: `${end.year}-${end.month}-${end.day} ${time}`,
  };
}
