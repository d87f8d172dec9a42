/**
 * Every message the system sends. Each has a zh-CN text rendered when it is
 * sent, from the state of its subject then (see delivery/notification-texts.ts).
 */
export const NOTIFICATION_TEMPLATES = [
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
  'STAR_LEVEL_REACHED',
  'COMPLIANCE_BEHIND',
  'GROUP_COMPLIANCE_BEHIND',
] as const;

export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number];

/**
 * What a COMPLIANCE_BEHIND message quotes of one obligation behind pace,
 * as the weekly check keeps it (libs/domain/src/commitments).
 */
export interface ComplianceBehindItem {
  readonly kind: 'COMMITMENT' | 'UNIT_REQUIREMENT' | 'COMMUNITY_REQUIREMENT';
  /** The unit or community that set the requirement; null for a commitment. */
  readonly ownerName: string | null;
  readonly periodLabel: string;
  /** The period's last day, YYYY-MM-DD. */
  readonly periodEnd: string;
  readonly hours: number;
  readonly requiredHours: number | null;
  readonly activities: number;
  readonly requiredActivities: number | null;
}

/** A member (told on their phone), or the committee of a community (the gateway knows its contact). */
export type NotificationRecipient =
  { readonly memberId: string } | { readonly committeeOfCommunityId: string };

/** Where a notification stands: SKIPPED when its subject no longer called for it at send time. */
export type NotificationStatus = 'PENDING' | 'SENT' | 'SKIPPED' | 'DEAD';

/** The channel that delivered it. */
export type NotificationChannelName = 'LOG' | 'WEBHOOK';

/** The idempotency key of a notification's send job (one per notification, whichever job carries it). */
export function notificationSendKey(notificationId: string): string {
  return `notification:${notificationId}`;
}
