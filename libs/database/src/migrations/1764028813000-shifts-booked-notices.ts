import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members are told when the planner books them onto a post's shifts: one
 * message per member and planning run (a claim books up to four weeks of
 * shifts at once, which is one message, not twenty).
 */
const TEMPLATES = [
  'MEMBER_WELCOME',
  'TASK_OFFERED',
  'OFFER_WITHDRAWN',
  'ASSIGNMENT_CANCELLED',
  'TASK_ESCALATED_TO_LEADER',
  'TASK_ESCALATED_TO_COMMITTEE',
  'OFFER_REMINDER',
  'SHIFT_SWAP_REQUESTED',
  'SHIFT_SWAP_ANSWERED',
  'CALL_UP',
  'CALL_UP_REMINDER',
  'SHIFTS_BOOKED',
];

const templateCheck = (templates: readonly string[]) =>
  `CHECK (template IN (${templates.map((t) => `'${t}'`).join(', ')}))`;

export class ShiftsBookedNotices1764028813000 implements MigrationInterface {
  name = 'ShiftsBookedNotices1764028813000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notification DROP CONSTRAINT notification_template_check;
      ALTER TABLE notification ADD CONSTRAINT notification_template_check ${templateCheck(TEMPLATES)};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM notification WHERE template = 'SHIFTS_BOOKED';
      ALTER TABLE notification DROP CONSTRAINT notification_template_check;
      ALTER TABLE notification ADD CONSTRAINT notification_template_check
        ${templateCheck(TEMPLATES.slice(0, -1))};
    `);
  }
}
