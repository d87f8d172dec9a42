import { Injectable } from '@nestjs/common';
import { CommonErrors, isOperator, Validate, type Actor } from '#core';
import { sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { DutyLogsErrors } from './duty-logs.errors.js';

const NAME = { 'zh-CN': '节假日名称', en: 'Name' };
const DAY = { 'zh-CN': '日期', en: 'Date' };

export interface CalendarDay {
  readonly day: string;
  readonly working: boolean;
  readonly name: string;
}

/**
 * The mainland calendar's exceptions to "Monday to Friday": public holidays
 * and the weekend days worked in their place (调休), which the State Council
 * announces each year. Operators load them; duty logs count their age in
 * working days by them.
 */
@Injectable()
export class WorkingCalendar {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}

  /** Sets (or replaces) the given days, audited; operators only. */
  async set(actor: Actor, days: readonly CalendarDay[]): Promise<CalendarDay[]> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    const checked = days.map((d) => ({
      day: Validate.date('day', DAY, d.day),
      working: d.working,
      name: Validate.text('name', NAME, d.name, 50),
    }));
    return this.uow.run(async () => {
      await this.uow.query(sql`
        INSERT INTO working_calendar (day, working, name)
        SELECT * FROM unnest(${checked.map((d) => d.day)}::date[],
                             ${checked.map((d) => d.working)}::boolean[],
                             ${checked.map((d) => d.name)}::text[])
        ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working, name = EXCLUDED.name`);
      for (const { day } of checked) {
        await this.audit.record(actor, {
          action: 'calendar.set',
          entity: 'WorkingCalendar',
          entityId: day,
        });
      }
      return checked;
    });
  }

  /** A year's exceptions, in date order. */
  async year(year: number): Promise<CalendarDay[]> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw DutyLogsErrors.year();
    return this.uow.query<CalendarDay>(sql`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, working, name FROM working_calendar
       WHERE day >= make_date(${year}::int, 1, 1) AND day < make_date(${year}::int + 1, 1, 1)
       ORDER BY day`);
  }
}
