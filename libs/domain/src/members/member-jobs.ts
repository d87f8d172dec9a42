/** The idempotency key of a member's welcome SMS: one welcome per member, however often the job runs. */
export function memberWelcomeKey(memberId: string): string {
  return `member-welcome:${memberId}`;
}
