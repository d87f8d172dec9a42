import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, ownMemberOf, type Actor, type AppConfig } from '#core';
import { sql, UnitOfWork } from '#database';
import { checkedCoordinates } from '#domain/tasks';
import type { DutyLogView } from './duty-log-views.js';
import { CheckInErrors } from './duty-logs.errors.js';
import { geodesicMeters } from './geodesic.js';
import { DutyLogsService } from './duty-logs.service.js';

const MINUTE = 60_000;
export interface Position {
  readonly latitude?: number | null;
  readonly longitude?: number | null;
}

export interface CheckInView {
  readonly assignmentId: string;
  readonly checkedInAt: Date;
  /** Metres from the place; null when the place has no coordinates. */
  readonly distanceMeters: number | null;
}

/** The booking a member checks in to: its window, its place, what its log will say. */
interface Booking {
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly title: string;
  readonly content: string;
  readonly place: string;
  readonly communityId: string;
}

/**
 * Check-in and check-out for a task or shift booking, from the app: within
 * a window around the scheduled time (CHECK_IN_EARLY_MINUTES before the
 * start until the end; check-out until CHECK_OUT_LATE_MINUTES after it) and,
 * when the task or post has coordinates, within CHECK_IN_RADIUS_METERS of
 * them. Check-out writes the duty log (source CHECK_IN) with the times as
 * evidence, verified at once when CHECK_IN_AUTO_VERIFY is on. The positions
 * are personal data: stored with the check-in, never logged.
 */
@Injectable()
export class CheckInsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly logs: DutyLogsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async checkIn(actor: Actor, assignmentId: string, position: Position): Promise<CheckInView> {
    const memberId = ownMemberOf(actor);
    const now = this.clock.now();
    const booking = await this.booking(memberId, assignmentId);
    const { checkInEarlyMinutes } = this.config.dutyLogs;
    if (
      now.getTime() < booking.startsAt.getTime() - checkInEarlyMinutes * MINUTE ||
      now >= booking.endsAt
    ) {
      throw CheckInErrors.window();
    }
    const { latitude, longitude, distance } = this.located(booking, position);
    const [made] = await this.uow.query<CheckInView>(sql`
      INSERT INTO check_in (assignment_id, member_id, checked_in_at, in_latitude, in_longitude, in_distance_m)
      VALUES (${assignmentId}, ${memberId}, ${now}, ${latitude}, ${longitude}, ${distance})
      ON CONFLICT (assignment_id) DO NOTHING
      RETURNING assignment_id AS "assignmentId", checked_in_at AS "checkedInAt",
                in_distance_m AS "distanceMeters"`);
    if (!made) throw CheckInErrors.alreadyIn();
    return made;
  }

  /** Checks out and returns the duty log it wrote (from check-in to now). */
  async checkOut(actor: Actor, assignmentId: string, position: Position): Promise<DutyLogView> {
    const memberId = ownMemberOf(actor);
    const now = this.clock.now();
    const booking = await this.booking(memberId, assignmentId);
    if (
      now.getTime() >
      booking.endsAt.getTime() + this.config.dutyLogs.checkOutLateMinutes * MINUTE
    ) {
      throw CheckInErrors.window();
    }
    const { latitude, longitude, distance } = this.located(booking, position);
    return this.uow.run(async () => {
      const [checked] = await this.uow.query<{ checkedInAt: Date; out: boolean }>(sql`
        SELECT checked_in_at AS "checkedInAt", checked_out_at IS NOT NULL AS out
          FROM check_in WHERE assignment_id = ${assignmentId} FOR UPDATE`);
      if (!checked) throw CheckInErrors.notIn();
      if (checked.out) throw CheckInErrors.alreadyOut();
      const log = await this.logs.fromCheckOut(
        actor,
        memberId,
        {
          clientRequestId: `check-in:${assignmentId}`,
          theme: booking.title,
          content: booking.content,
          place: booking.place,
          startsAt: checked.checkedInAt,
          endsAt: now,
          assignmentId,
        },
        this.config.dutyLogs.checkInAutoVerify,
      );
      await this.uow.query(sql`
        UPDATE check_in SET checked_out_at = ${now}, out_latitude = ${latitude},
               out_longitude = ${longitude}, out_distance_m = ${distance}, duty_log_id = ${log.id}
         WHERE assignment_id = ${assignmentId}`);
      return log;
    });
  }

  private async booking(memberId: string, assignmentId: string): Promise<Booking> {
    const [booking] = await this.uow.query<Booking>(sql`
      SELECT lower(a.booked) AS "startsAt", upper(a.booked) AS "endsAt",
             coalesce(t.latitude, p.latitude) AS latitude, coalesce(t.longitude, p.longitude) AS longitude,
             coalesce(t.title, p.name) AS title,
             coalesce(nullif(t.description, ''), nullif(p.description, ''), coalesce(t.title, p.name)) AS content,
             y.name AS place, coalesce(t.community_id, p.community_id) AS "communityId"
        FROM assignment a
        LEFT JOIN task t ON t.id = a.task_id
        LEFT JOIN shift s ON s.id = a.shift_id
        LEFT JOIN post p ON p.id = s.post_id
        JOIN courtyard y ON y.id = coalesce(t.courtyard_id, p.courtyard_id)
       WHERE a.id = ${assignmentId}::uuid AND a.member_id = ${memberId}::uuid AND a.status = 'ACCEPTED'`);
    if (!booking) throw CheckInErrors.notFound();
    return booking;
  }

  /** The position given, checked against the place's coordinates if it has any. */
  private located(booking: Booking, position: Position) {
    const { latitude, longitude } = checkedCoordinates(position.latitude, position.longitude);
    if (booking.latitude === null || booking.longitude === null) {
      return { latitude, longitude, distance: null };
    }
    if (latitude === null || longitude === null) throw CheckInErrors.locationRequired();
    const distance = Math.round(
      geodesicMeters(
        { latitude, longitude },
        { latitude: booking.latitude, longitude: booking.longitude },
      ),
    );
    const radius = this.config.dutyLogs.checkInRadiusMeters;
    if (distance > radius) throw CheckInErrors.tooFar(radius);
    return { latitude, longitude, distance };
  }
}
