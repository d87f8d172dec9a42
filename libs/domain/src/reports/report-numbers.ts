/** Minutes as the reports show hours: one decimal. */
export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
