import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  Clock,
  CommonErrors,
  communityIdsOf,
  memberIdsOf,
  ownMemberOf,
  partyGroupIdsOf,
  type Actor,
  type AppConfig,
} from '#core';
import { mapConstraintViolations, rawSql, sql, UnitOfWork, type Sql } from '#database';
import { AuditLog } from '#domain/audit';
import { administers } from '#domain/organisation';
import { PhotosService } from '#domain/photos';
import { ServicePoints } from '#domain/points';
import { accountOf } from '#domain/tasks';
import {
  checkedDutyLog,
  checkedReason,
  type CheckedDutyLog,
  type DutyLogInput,
} from './duty-log-input.js';
import { DutyLogQueries, dutyLogViews, ledBy } from './duty-log-queries.service.js';
import type { DutyLogSource, DutyLogView } from './duty-log-views.js';
import { DutyLogsErrors } from './duty-logs.errors.js';
import { StarLevels } from './star-levels.js';

export interface BackfillInput extends DutyLogInput {
  readonly memberId: string;
  readonly reason: string;
}

/**
 * Duty logs (纪实) as members submit them from the app and their verifiers
 * decide them. A submission is idempotent per member and client request
 * id; overlapping logs of one member are refused by the database whatever
 * the concurrency. A decided log is final (a trigger refuses any change); a
 * correction is a new log of the same lineage that supersedes it once
 * verified.
 */
@Injectable()
export class DutyLogsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly queries: DutyLogQueries,
    private readonly points: ServicePoints,
    private readonly photos: PhotosService,
    private readonly stars: StarLevels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A member logs their own service (MANUAL), within the working-day window. */
  async submit(actor: Actor, input: DutyLogInput): Promise<DutyLogView> {
    const memberId = ownMemberOf(actor);
    return this.write(actor, memberId, input, 'MANUAL', null);
  }

  /**
   * The community's committee logs a member's service for them, however
   * long ago, with the reason it was not logged in time (audited).
   */
  async backfill(actor: Actor, input: BackfillInput): Promise<DutyLogView> {
    const reason = checkedReason('reason', input.reason);
    if (!input.communityId || !administers(actor, input.communityId)) {
      throw CommonErrors.forbidden();
    }
    return this.write(actor, input.memberId, input, 'BACKFILLED', reason);
  }

  /**
   * A correction of one of the member's verified logs: a new log of the
   * same lineage, submitted for verification; the verified one stands
   * until the correction is verified.
   */
  async correct(actor: Actor, logId: string, input: DutyLogInput): Promise<DutyLogView> {
    const memberId = ownMemberOf(actor);
    const checked = checkedDutyLog(input, this.clock.now(), this.config.dutyLogs.maxHours);
    const id = await mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const [original] = await this.uow.query<{
            status: string;
            lineageId: string;
            communityId: string;
            volunteerService: boolean;
            assignmentId: string | null;
          }>(sql`
            SELECT status, lineage_id AS "lineageId", community_id AS "communityId",
                   volunteer_service AS "volunteerService", assignment_id AS "assignmentId"
              FROM duty_log WHERE id = ${logId} AND member_id = ${memberId}::uuid FOR UPDATE`);
          if (!original) throw DutyLogsErrors.notFound();
          const existing = await this.existing(memberId, checked.clientRequestId);
          if (existing) return existing;
          if (original.status !== 'VERIFIED') throw DutyLogsErrors.notVerified();
          const [row] = await this.uow.query<{ id: string }>(sql`
            INSERT INTO duty_log (id, lineage_id, member_id, community_id, client_request_id, theme,
                                  content, place, latitude, longitude, starts_at, ends_at,
                                  assignment_id, beneficiaries, beneficiaries_note, source,
                                  volunteer_service, corrects_id, submitted_at, submitted_by)
            VALUES (gen_random_uuid(), ${original.lineageId}, ${memberId}, ${original.communityId},
                    ${checked.clientRequestId}, ${checked.theme}, ${checked.content}, ${checked.place},
                    ${checked.latitude}, ${checked.longitude}, ${checked.startsAt}, ${checked.endsAt},
                    ${original.assignmentId}, ${checked.beneficiaries}, ${checked.beneficiariesNote},
                    'MANUAL', ${original.volunteerService}, ${logId}, ${this.clock.now()},
                    ${accountOf(actor)}::uuid)
            RETURNING id`);
          if (!row) throw new Error('insert returned nothing');
          await this.photos.attach(row.id, memberId, checked.photoIds);
          return row.id;
        }),
      {
        exclusion: DutyLogsErrors.overlap,
        byName: { duty_log_one_correction: DutyLogsErrors.correctionPending },
      },
    );
    return this.view(id);
  }

  /**
   * Verifies logs, all or none: each must be SUBMITTED and the actor its
   * member's party group leader or deputy in its community, or that
   * community's committee, and never the actor's own. A verified
   * correction supersedes the log it corrects.
   */
  async verify(actor: Actor, ids: readonly string[]): Promise<DutyLogView[]> {
    const unique = [...new Set(ids)];
    await this.uow.run(async () => {
      const members = await this.lockDecidable(actor, unique);
      await this.markVerified(unique, members, accountOf(actor));
      for (const id of unique) {
        await this.audit.record(actor, {
          action: 'duty_log.verify',
          entity: 'DutyLog',
          entityId: id,
        });
      }
    });
    return this.queries.byIds(unique);
  }

  /**
   * The log a check-out writes (source CHECK_IN), in the caller's
   * transaction; verified at once by the system when `verify` (the
   * check-in's times and places are the evidence).
   */
  async fromCheckOut(
    actor: Actor,
    memberId: string,
    input: DutyLogInput,
    verify: boolean,
  ): Promise<DutyLogView> {
    const log = await this.write(actor, memberId, input, 'CHECK_IN', null);
    if (!verify || log.status !== 'SUBMITTED') return log;
    await this.markVerified([log.id], [memberId], null);
    return this.view(log.id);
  }

  /**
   * Marks locked logs verified (by an account, or by the system: null) and
   * lets what follows follow in the same transaction: a verified correction
   * supersedes the log it corrects, the points are awarded (the superseded
   * log's reversed), and members whose star level rose are told.
   */
  private async markVerified(
    ids: readonly string[],
    members: readonly string[],
    by: string | null,
  ): Promise<void> {
    const hoursBefore = await this.stars.hoursOf(members);
    await this.uow.query(sql`
      UPDATE duty_log SET status = 'VERIFIED', decided_at = ${this.clock.now()},
             decided_by = ${by}::uuid
       WHERE id = ANY(${ids}::uuid[])`);
    await this.uow.query(sql`
      UPDATE duty_log o SET status = 'SUPERSEDED', superseded_by = c.id
        FROM duty_log c
       WHERE c.id = ANY(${ids}::uuid[]) AND o.id = c.corrects_id`);
    await this.points.awardVerified(ids);
    await this.stars.announceRises(new Map(members.map((id) => [id, hoursBefore.get(id) ?? 0])));
  }

  /** Rejects a submitted log, with the reason the member will read. */
  async reject(actor: Actor, id: string, reason: string): Promise<DutyLogView> {
    const why = checkedReason('reason', reason);
    await this.uow.run(async () => {
      await this.lockDecidable(actor, [id]);
      await this.uow.query(sql`
        UPDATE duty_log SET status = 'REJECTED', rejection_reason = ${why},
               decided_at = ${this.clock.now()}, decided_by = ${accountOf(actor)}::uuid
         WHERE id = ${id}`);
      await this.audit.record(actor, {
        action: 'duty_log.reject',
        entity: 'DutyLog',
        entityId: id,
      });
    });
    return this.view(id);
  }

  /**
   * Writes a new log in one statement on the common path (this is the
   * app's hot path): where the service was (the community served, whether
   * it is volunteer service) and its age in working days are read by the
   * INSERT that writes the log and returns its view. A statement that
   * writes nothing says why: no such service of the member's, too old, or
   * the same request made before (a retry, even days later, meets the
   * unique member and client request id and gets the log it first made).
   */
  private async write(
    actor: Actor,
    memberId: string,
    input: DutyLogInput,
    source: DutyLogSource,
    backfillReason: string | null,
  ): Promise<DutyLogView> {
    const now = this.clock.now();
    const checked = checkedDutyLog(input, now, this.config.dutyLogs.maxHours);
    if (!checked.assignmentId && !checked.communityId) throw DutyLogsErrors.communityRequired();
    const limit = this.config.dutyLogs.maxAgeWorkingDays;
    const insert = () =>
      this.uow.query<Partial<DutyLogView> & { served: boolean; ageWorkingDays: number | null }>(sql`
        WITH served AS (${servedSql(memberId, checked, now, limit)}),
        made AS (
          INSERT INTO duty_log (id, lineage_id, member_id, community_id, client_request_id, theme,
                                content, place, latitude, longitude, starts_at, ends_at,
                                assignment_id, beneficiaries, beneficiaries_note, source,
                                backfill_reason, volunteer_service, submitted_at, submitted_by)
          SELECT fresh.id, fresh.id, ${memberId}, served.community_id, ${checked.clientRequestId},
                 ${checked.theme}, ${checked.content}, ${checked.place}, ${checked.latitude},
                 ${checked.longitude}, ${checked.startsAt}, ${checked.endsAt},
                 ${checked.assignmentId}::uuid, ${checked.beneficiaries},
                 ${checked.beneficiariesNote}, ${source}, ${backfillReason},
                 served.volunteer_service, ${now}, ${accountOf(actor)}::uuid
            FROM served, (SELECT gen_random_uuid() AS id) fresh
           WHERE ${source}::text <> 'MANUAL' OR served.age <= ${limit}
          ON CONFLICT (member_id, client_request_id) DO NOTHING
          RETURNING *),
        view AS (${dutyLogViews(rawSql('made'))})
        SELECT view.*, served.community_id IS NOT NULL AS served, served.age AS "ageWorkingDays"
          FROM (SELECT 1) one
          LEFT JOIN served ON TRUE
          LEFT JOIN view ON TRUE`);
    // A log with photos, or an audited backfill, is written with them in one
    // transaction; a bare submission (the common case) needs none.
    const insertWithFollowers = async () => {
      const rows = await insert();
      for (const row of rows) {
        if (!row.id) continue;
        if (checked.photoIds.length > 0) {
          await this.photos.attach(row.id, memberId, checked.photoIds);
        }
        if (source === 'BACKFILLED') {
          await this.audit.record(actor, {
            action: 'duty_log.backfill',
            entity: 'DutyLog',
            entityId: row.id,
          });
        }
      }
      return rows;
    };
    const [outcome] = await mapConstraintViolations(
      () =>
        source === 'BACKFILLED' || checked.photoIds.length > 0
          ? this.uow.run(insertWithFollowers)
          : insert(),
      { exclusion: DutyLogsErrors.overlap },
    );
    const { served, ageWorkingDays, ...made } = outcome ?? { served: false, ageWorkingDays: 0 };
    if (made.id) return made as DutyLogView;
    // Nothing written: the same request made before (or a concurrent copy
    // of it won) gets its log; otherwise the rule that refused it.
    const first = await this.existing(memberId, checked.clientRequestId);
    if (first) return this.view(first);
    if (!served) throw DutyLogsErrors.notYours();
    if ((ageWorkingDays ?? 0) > limit) throw DutyLogsErrors.tooOld(limit);
    throw new Error('duty log neither written nor found');
  }

  private async existing(memberId: string, clientRequestId: string): Promise<string | undefined> {
    const [row] = await this.uow.query<{ id: string }>(sql`
      SELECT id FROM duty_log WHERE member_id = ${memberId}::uuid AND client_request_id = ${clientRequestId}`);
    return row?.id;
  }

  /**
   * Locks logs the actor may decide now; refuses the whole set otherwise.
   * Returns the logs' members.
   */
  private async lockDecidable(actor: Actor, ids: readonly string[]): Promise<string[]> {
    const groups = partyGroupIdsOf(actor);
    const rows = await this.uow.query<{ status: string; decidable: boolean; memberId: string }>(sql`
      SELECT l.status, l.member_id AS "memberId",
             (l.community_id = ANY(${communityIdsOf(actor)}::uuid[])
               OR (${groups.length > 0} AND ${ledBy(groups)}))
             AND NOT l.member_id = ANY(${memberIdsOf(actor)}::uuid[]) AS decidable
        FROM duty_log l WHERE l.id = ANY(${ids}::uuid[]) ORDER BY l.id FOR UPDATE`);
    if (rows.length !== ids.length || ids.length === 0) throw DutyLogsErrors.notFound();
    if (rows.some((row) => !row.decidable)) throw DutyLogsErrors.mayNotDecide();
    if (rows.some((row) => row.status !== 'SUBMITTED')) throw DutyLogsErrors.notSubmitted();
    return [...new Set(rows.map((row) => row.memberId))];
  }

  private async view(id: string): Promise<DutyLogView> {
    const [log] = await this.queries.byIds([id]);
    if (!log) throw DutyLogsErrors.notFound();
    return log;
  }
}

/**
 * Where the service was, as one row (none when it is not the member's):
 * the booking's task or shift (the member's own, accepted or completed),
 * or the community named, where the member lives (a resident) or serves
 * now (an ACTIVE report-in); whether it counts as volunteer service (from
 * the task type; self-initiated service does); and its age in working
 * days, from its start to today in the community's time zone, or 0 when
 * it is within `limit` days anyway.
 */
function servedSql(memberId: string, log: CheckedDutyLog, now: Date, limit: number): Sql {
  // Calendar days bound working days from above: a log within the limit in
  // calendar days (most are logged the same day) skips the count.
  const days = sql`(${log.startsAt}::timestamptz AT TIME ZONE c.time_zone)::date,
                   (${now}::timestamptz AT TIME ZONE c.time_zone)::date`;
  const age = sql`CASE WHEN (${now}::timestamptz AT TIME ZONE c.time_zone)::date
                            - (${log.startsAt}::timestamptz AT TIME ZONE c.time_zone)::date <= ${limit}
                       THEN 0 ELSE working_days_after(${days}) END AS age`;
  if (log.assignmentId) {
    return sql`
      SELECT c.id AS community_id, tt.counts_as_volunteer_service AS volunteer_service, ${age}
        FROM assignment a
        LEFT JOIN task t ON t.id = a.task_id
        LEFT JOIN shift s ON s.id = a.shift_id
        LEFT JOIN post p ON p.id = s.post_id
        JOIN task_type tt ON tt.id = coalesce(t.task_type_id, p.task_type_id)
        JOIN community c ON c.id = coalesce(t.community_id, p.community_id)
       WHERE a.id = ${log.assignmentId}::uuid AND a.member_id = ${memberId}::uuid
         AND a.status IN ('ACCEPTED', 'COMPLETED')
         -- a community named with a booking must be the booking's (a backfill
         -- is allowed by the community it names)
         AND (${log.communityId}::uuid IS NULL OR c.id = ${log.communityId}::uuid)`;
  }
  return sql`
    SELECT c.id AS community_id, TRUE AS volunteer_service, ${age}
      FROM community c
     WHERE c.id = ${log.communityId}::uuid
       AND (EXISTS (SELECT 1 FROM member m WHERE m.id = ${memberId}::uuid AND m.kind = 'RESIDENT'
                      AND m.residence_community_id = c.id)
            OR EXISTS (SELECT 1 FROM secondment s WHERE s.member_id = ${memberId}::uuid
                         AND s.community_id = c.id AND s.status = 'ACTIVE'))`;
}
