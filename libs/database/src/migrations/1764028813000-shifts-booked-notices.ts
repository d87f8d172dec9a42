import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CALL_UP_TEMPLATES } from './1764028812000-call-ups.js';
import { notificationTemplatesCheck } from './notification-templates-check.js';

/** The notification templates after this migration. */
export const SHIFTS_BOOKED_TEMPLATES = [...CALL_UP_TEMPLATES, 'SHIFTS_BOOKED'];

/**
 * Members are told when the planner books them onto a post's shifts: one
 * message per member and planning run (a claim books up to four weeks of
 * shifts at once, which is one message, not twenty).
 */
export class ShiftsBookedNotices1764028813000 implements MigrationInterface {
  name = 'ShiftsBookedNotices1764028813000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ${notificationTemplatesCheck(SHIFTS_BOOKED_TEMPLATES)}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM notification WHERE template = 'SHIFTS_BOOKED';
      ${notificationTemplatesCheck(CALL_UP_TEMPLATES)}
    `);
  }
}
