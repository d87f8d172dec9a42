/** Minutes as the reports show hours: one decimal. */
export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/** A share as the reports show it: 0 to 1, three decimals; 0 of nothing is 0. */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;
}
