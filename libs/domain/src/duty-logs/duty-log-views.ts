export const DUTY_LOG_STATUSES = ['SUBMITTED', 'VERIFIED', 'REJECTED', 'SUPERSEDED'] as const;
export type DutyLogStatus = (typeof DUTY_LOG_STATUSES)[number];
export const DUTY_LOG_SOURCES = ['CHECK_IN', 'MANUAL', 'BACKFILLED'] as const;
export type DutyLogSource = (typeof DUTY_LOG_SOURCES)[number];

/** A duty log as whoever may see it reads it (coordinates only to its member and verifiers). */
export interface DutyLogView {
  readonly id: string;
  readonly lineageId: string;
  readonly memberId: string;
  readonly memberName: string;
  readonly communityId: string;
  readonly theme: string;
  readonly content: string;
  readonly place: string;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly minutes: number;
  readonly assignmentId: string | null;
  readonly beneficiaries: number;
  readonly beneficiariesNote: string;
  readonly source: DutyLogSource;
  readonly backfillReason: string | null;
  readonly volunteerService: boolean;
  readonly status: DutyLogStatus;
  readonly correctsId: string | null;
  readonly supersededBy: string | null;
  readonly submittedAt: Date;
  readonly decidedAt: Date | null;
  /** Who decided it (username), null while submitted or when the system verified it. */
  readonly decidedBy: string | null;
  readonly rejectionReason: string | null;
}
