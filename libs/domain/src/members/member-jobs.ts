/** The notification key of a member's welcome: one welcome per member, however often registration is replayed. */
export function memberWelcomeKey(memberId: string): string {
  return `member-welcome:${memberId}`;
}
