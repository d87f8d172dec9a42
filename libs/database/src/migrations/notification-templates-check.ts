/**
 * The statement that makes `template` of `notification` one of `templates`:
 * each migration that adds templates states the whole list as it stands
 * after it (a migration never changes once applied), built on the list of
 * the one before.
 */
export function notificationTemplatesCheck(templates: readonly string[]): string {
  return `ALTER TABLE notification DROP CONSTRAINT notification_template_check;
    ALTER TABLE notification ADD CONSTRAINT notification_template_check
      CHECK (template IN (${templates.map((t) => `'${t}'`).join(', ')}));`;
}
