import { isUuid, Validate } from '#core';
import { MAX_PHOTOS_PER_LOG, PhotosErrors } from '#domain/photos';
import { checkedCoordinates } from '#domain/tasks';
import { DutyLogsErrors } from './duty-logs.errors.js';

const THEME = { 'zh-CN': '服务主题', en: 'Theme' };
const CONTENT = { 'zh-CN': '服务内容', en: 'Content' };
const PLACE = { 'zh-CN': '服务地点', en: 'Place' };
const NOTE = { 'zh-CN': '服务对象说明', en: 'Beneficiaries note' };
const REASON = { 'zh-CN': '原因', en: 'Reason' };

/** A phone's clock may run a little ahead of the server's: a log ending "now" is not refused. */
const CLOCK_SKEW_MS = 5 * 60_000;
const REQUEST_ID = /^[A-Za-z0-9_:.-]{1,100}$/;

export interface DutyLogInput {
  /** The app's id for this submission: sending it again returns the log first made with it. */
  readonly clientRequestId: string;
  readonly theme: string;
  readonly content: string;
  readonly place: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
  /** The task or shift booking the service was; none for self-initiated service. */
  readonly assignmentId?: string | null;
  /** Required without a booking: the community served. */
  readonly communityId?: string | null;
  readonly beneficiaries?: number | null;
  readonly beneficiariesNote?: string | null;
  /** Photos the member uploaded for this log (requestPhotoUpload), in order. */
  readonly photoIds?: readonly string[] | null;
}

export interface CheckedDutyLog {
  readonly clientRequestId: string;
  readonly theme: string;
  readonly content: string;
  readonly place: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly assignmentId: string | null;
  readonly communityId: string | null;
  readonly beneficiaries: number;
  readonly beneficiariesNote: string;
  readonly photoIds: readonly string[];
}

/** Every rule a log's own fields must keep (its age and its place are the service's to check). */
export function checkedDutyLog(input: DutyLogInput, now: Date, maxHours: number): CheckedDutyLog {
  if (!REQUEST_ID.test(input.clientRequestId)) throw DutyLogsErrors.clientRequestId();
  const span = input.endsAt.getTime() - input.startsAt.getTime();
  if (!(span > 0)) throw DutyLogsErrors.window();
  if (span > maxHours * 3_600_000) throw DutyLogsErrors.tooLong(maxHours);
  if (input.endsAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw DutyLogsErrors.future();
  const beneficiaries = input.beneficiaries ?? 0;
  if (!Number.isInteger(beneficiaries) || beneficiaries < 0 || beneficiaries > 100_000) {
    throw DutyLogsErrors.beneficiaries();
  }
  return {
    clientRequestId: input.clientRequestId,
    theme: Validate.text('theme', THEME, input.theme, 100),
    content: Validate.text('content', CONTENT, input.content, 2000),
    place: Validate.text('place', PLACE, input.place, 200),
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    ...checkedCoordinates(input.latitude, input.longitude),
    assignmentId: input.assignmentId ?? null,
    communityId: input.communityId ?? null,
    beneficiaries,
    beneficiariesNote: input.beneficiariesNote?.trim()
      ? Validate.text('beneficiariesNote', NOTE, input.beneficiariesNote, 200)
      : '',
    photoIds: checkedPhotoIds(input.photoIds ?? []),
  };
}

function checkedPhotoIds(ids: readonly string[]): string[] {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (unique.length > MAX_PHOTOS_PER_LOG) throw PhotosErrors.tooMany(MAX_PHOTOS_PER_LOG);
  if (!unique.every(isUuid)) throw PhotosErrors.notUsable();
  return unique;
}

/** A reason a person writes (a rejection, a backfill): required, at most 500 characters. */
export function checkedReason(field: string, reason: string): string {
  return Validate.text(field, REASON, reason, 500);
}
