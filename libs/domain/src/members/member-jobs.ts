/** Job sent when a member is registered: a welcome SMS with the community's contact. */
export const MEMBER_WELCOME_JOB = 'member.welcome';

export function memberWelcomeKey(memberId: string): string {
  return `member-welcome:${memberId}`;
}
