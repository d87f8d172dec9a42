import { Inject, Injectable } from '@nestjs/common';
import { Clock, LOGGER, type Logger } from '#core';
import { sql, UnitOfWork } from '#database';
import { LiveEvents } from '#domain/live';
import { Notifier } from '#domain/notifications';
import type { MemberKind } from '#domain/members';
import { mayServe } from './post-eligibility.js';
import { shiftPlaces } from './shift-places.js';

/**
 * How far ahead shifts exist: four weeks, so members see their month and
 * the committee the gaps while there is time to fill them. The nightly run
 * moves the window on by a day.
 */
export const PLANNING_DAYS = 28;

interface OpenShift {
  readonly id: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** Local month (YYYY-MM) and date of the start, in the community's time zone. */
  readonly month: string;
  readonly day: string;
  readonly open: number;
  /** Members not to book: those on it already, and those who gave it up (released or swapped it). */
  readonly skipped: string[];
}

interface Claimant {
  readonly memberId: string;
  readonly kind: MemberKind;
  readonly shiftsPerMonth: number;
  readonly until: string;
}

/**
 * Plans a post's shifts: generates those of the coming PLANNING_DAYS from
 * its weekly schedule, then books its claimants onto places still open.
 * Idempotent: a shift is unique per post and start, and a member is booked
 * at most once per shift, so a second run creates nothing new. The post row
 * is locked for the run, so two workers plan one post one after the other.
 *
 * Booking keeps each claimant within their commitment (shifts a month,
 * until their date), gives each open place to the claimant with the fewest
 * shifts of the post that month (then the earliest claim), and skips a
 * member booked elsewhere at that time: the exclusion constraint of
 * assignment decides, the same that guards dispatched tasks, so a shift and
 * a task can never overlap for one member.
 */
@Injectable()
export class ShiftPlanner {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly live: LiveEvents,
    private readonly notifier: Notifier,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Plans one post; returns the shifts created and the bookings made. */
  async plan(postId: string): Promise<{ created: number; booked: number }> {
    return this.uow.run(async () => {
      const [post] = await this.uow.query<{ status: string; communityId: string }>(
        sql`SELECT status, community_id AS "communityId" FROM post WHERE id = ${postId} FOR UPDATE`,
      );
      if (post?.status !== 'ACTIVE') return { created: 0, booked: 0 };
      const created = await this.generate(postId);
      const booked = await this.book(postId);
      if (created + booked > 0) {
        this.logger.info({ postId, created, booked }, 'shifts planned');
        this.live.board({ kind: 'SHIFT_COVERAGE', communityId: post.communityId, postId });
      }
      return { created, booked };
    });
  }

  /** Every active post, each in its own transaction (the nightly run). */
  async planAll(): Promise<void> {
    const posts = await this.uow.query<{ id: string }>(
      sql`SELECT id FROM post WHERE status = 'ACTIVE' ORDER BY id`,
    );
    for (const post of posts) await this.plan(post.id);
  }

  /**
   * The shifts of the window: each local day of the post's period, for each
   * slot on that weekday, its start at the local time in the community's time
   * zone (so 18:00 stays 18:00 across a daylight-saving change, where a zone
   * has one), for its length. Shifts already begun are not created.
   */
  private async generate(postId: string): Promise<number> {
    const now = this.clock.now();
    const created = await this.uow.query<{ id: string }>(sql`
      INSERT INTO shift (post_id, starts_at, ends_at, headcount)
      SELECT p.id, local.starts_at, local.starts_at + make_interval(mins => s.minutes), p.headcount
        FROM post p
        JOIN community c ON c.id = p.community_id
        JOIN post_slot s ON s.post_id = p.id
       CROSS JOIN LATERAL (SELECT (${now}::timestamptz AT TIME ZONE c.time_zone)::date + n AS day
                             FROM generate_series(0, ${PLANNING_DAYS - 1}::int) AS n) d
       CROSS JOIN LATERAL (SELECT (d.day + s.starts_at) AT TIME ZONE c.time_zone AS starts_at) local
       WHERE p.id = ${postId}
         AND extract(isodow FROM d.day) = s.weekday
         AND d.day >= p.starts_on AND (p.ends_on IS NULL OR d.day <= p.ends_on)
         AND local.starts_at > ${now}
      ON CONFLICT (post_id, starts_at) DO NOTHING
      RETURNING id`);
    return created.length;
  }

  private async book(postId: string): Promise<number> {
    const now = this.clock.now();
    const shifts = await this.uow.query<OpenShift>(sql`
      SELECT s.id, s.starts_at AS "startsAt", s.ends_at AS "endsAt",
             to_char(s.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM') AS month,
             to_char(s.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM-DD') AS day,
             s.headcount - n.booked - n.refilling AS open,
             n."memberIds" || array(SELECT a.member_id FROM assignment a
                                     WHERE a.shift_id = s.id AND a.status = 'RELEASED') AS skipped
        FROM shift s
        JOIN post p ON p.id = s.post_id
        JOIN community c ON c.id = p.community_id
       CROSS JOIN LATERAL ${shiftPlaces('s')} n
       WHERE s.post_id = ${postId} AND s.status = 'SCHEDULED' AND s.starts_at > ${now}
         AND n.booked + n.refilling < s.headcount
       ORDER BY s.starts_at`);
    if (shifts.length === 0) return 0;
    // Claimants who may still serve here (a report-in may have ended since).
    const claimants = await this.uow.query<Claimant>(sql`
      SELECT cl.member_id AS "memberId", m.kind, cl.shifts_per_month AS "shiftsPerMonth",
             to_char(cl.until, 'YYYY-MM-DD') AS until
        FROM post_claim cl
        JOIN post p ON p.id = cl.post_id
        JOIN task_type tt ON tt.id = p.task_type_id
        JOIN member m ON m.id = cl.member_id
       WHERE cl.post_id = ${postId} AND cl.status = 'ACTIVE' AND ${mayServe('m', 'p', 'tt')}
       ORDER BY cl.claimed_at, cl.id`);
    if (claimants.length === 0) return 0;
    const served = await this.servedByMonth(postId);
    /** Each member's first new booking of this run (shifts come soonest first). */
    const firstBooked = new Map<string, string>();
    let booked = 0;
    for (const shift of shifts) {
      let open = shift.open;
      const ranked = claimants
        .filter((c) => c.until >= shift.day && !shift.skipped.includes(c.memberId))
        .filter((c) => (served.get(`${c.memberId}/${shift.month}`) ?? 0) < c.shiftsPerMonth)
        // fewest shifts of the post this month first; claim order breaks ties (stable sort)
        .sort(
          (a, b) =>
            (served.get(`${a.memberId}/${shift.month}`) ?? 0) -
            (served.get(`${b.memberId}/${shift.month}`) ?? 0),
        );
      for (const claimant of ranked) {
        if (open === 0) break;
        const bookingId = await this.bookOne(shift, claimant);
        if (!bookingId) continue; // booked elsewhere then
        if (!firstBooked.has(claimant.memberId)) firstBooked.set(claimant.memberId, bookingId);
        const key = `${claimant.memberId}/${shift.month}`;
        served.set(key, (served.get(key) ?? 0) + 1);
        open -= 1;
        booked += 1;
      }
    }
    // One message per member and run, named after their soonest new shift:
    // a claim books weeks of shifts at once, which is news once, not twenty times.
    await this.notifier.notifyMany(
      [...firstBooked].map(([memberId, bookingId]) => ({
        template: 'SHIFTS_BOOKED' as const,
        recipient: { memberId },
        subjectId: bookingId,
        key: `shifts-booked:${bookingId}`,
      })),
    );
    return booked;
  }

  /** Shifts of the post each member holds or served, by local month (`member/YYYY-MM`). */
  private async servedByMonth(postId: string): Promise<Map<string, number>> {
    const rows = await this.uow.query<{ memberId: string; month: string; shifts: number }>(sql`
      SELECT a.member_id AS "memberId",
             to_char(s.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM') AS month,
             count(*)::int AS shifts
        FROM assignment a
        JOIN shift s ON s.id = a.shift_id
        JOIN post p ON p.id = s.post_id
        JOIN community c ON c.id = p.community_id
       WHERE s.post_id = ${postId} AND a.status IN ('ACCEPTED', 'COMPLETED')
       GROUP BY 1, 2`);
    return new Map(rows.map((row) => [`${row.memberId}/${row.month}`, row.shifts]));
  }

  /**
   * Books one claimant onto one shift and returns the booking; undefined
   * when the member is booked elsewhere in that window (ON CONFLICT DO
   * NOTHING takes the exclusion constraint as its arbiter, so the conflict
   * is skipped, not raised).
   */
  private async bookOne(shift: OpenShift, claimant: Claimant): Promise<string | undefined> {
    const rows = await this.uow.query<{ id: string }>(sql`
      INSERT INTO assignment (shift_id, member_id, slot_kind, source, booked, accepted_at)
      VALUES (${shift.id}, ${claimant.memberId}, ${claimant.kind}, 'POST',
              tstzrange(${shift.startsAt}, ${shift.endsAt}), ${this.clock.now()})
      ON CONFLICT DO NOTHING
      RETURNING id`);
    return rows[0]?.id;
  }
}
