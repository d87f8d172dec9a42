import { Injectable } from '@nestjs/common';
import { Clock, memberIdsOf, Validate, type Actor } from '#core';
import { mapConstraintViolations, sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { CommunityAccess, OrganisationQueries } from '#domain/organisation';
import { TaskTypeQueries } from '#domain/task-types';
import { accountOf, checkedCoordinates, checkedHeadcount, TasksErrors } from '#domain/tasks';
import { JOBS, Outbox } from '#queue';
import {
  checkedPeriod,
  checkedShiftsPerMonth,
  checkedSlots,
  type PostSlotsInput,
} from './post-input.js';
import { PostClaim } from './post-claim.entity.js';
import { mayServe } from './post-eligibility.js';
import { PostQueries } from './post-queries.service.js';
import type { PostView } from './post-views.js';
import { Post } from './post.entity.js';
import { PostsErrors } from './posts.errors.js';

const NAME = { 'zh-CN': '岗位名称', en: 'Post name' };
const DESCRIPTION = { 'zh-CN': '岗位说明', en: 'Description' };
const COMMITMENT = { 'zh-CN': '承诺内容', en: 'Commitment' };
const UNTIL = { 'zh-CN': '认领截止日期', en: 'Claimed until' };

export interface CreatePostInput {
  readonly communityId: string;
  readonly courtyardId: string;
  readonly taskTypeId: string;
  readonly name: string;
  readonly description?: string | null;
  readonly headcount: number;
  readonly slots: readonly PostSlotsInput[];
  readonly startsOn: string;
  readonly endsOn?: string | null;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
}

export interface ClaimPostInput {
  readonly postId: string;
  readonly shiftsPerMonth: number;
  readonly until: string;
  readonly commitment: string;
}

/**
 * Posts as the committee sets them up and members claim them. Each change
 * asks the worker (through the outbox, in the same transaction) to plan the
 * post's shifts at once, rather than at the next nightly run: a new post
 * has shifts, a new claimant bookings, a freed place another claimant.
 */
@Injectable()
export class PostsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly access: CommunityAccess,
    private readonly organisation: OrganisationQueries,
    private readonly taskTypes: TaskTypeQueries,
    private readonly queries: PostQueries,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, input: CreatePostInput): Promise<PostView> {
    const name = Validate.text('name', NAME, input.name, 100);
    const description = input.description
      ? Validate.text('description', DESCRIPTION, input.description, 2000)
      : '';
    const headcount = checkedHeadcount(input.headcount);
    const slots = checkedSlots(input.slots);
    const period = checkedPeriod(input.startsOn, input.endsOn);
    const coordinates = checkedCoordinates(input.latitude, input.longitude);
    return this.uow.run(async () => {
      await this.access.requireAdministered(actor, input.communityId);
      const [courtyard] = await this.organisation.courtyardsByIds([input.courtyardId]);
      if (courtyard?.communityId !== input.communityId) throw TasksErrors.courtyardNotInCommunity();
      const taskType = await this.taskTypes.usableIn(input.communityId, input.taskTypeId);
      const post = await this.uow.repository(Post).save({
        communityId: input.communityId,
        courtyardId: input.courtyardId,
        taskTypeId: taskType.id,
        name,
        description,
        headcount,
        ...period,
        ...coordinates,
        status: 'ACTIVE',
        createdBy: accountOf(actor),
        createdAt: this.clock.now(),
      });
      await this.uow.query(sql`
        INSERT INTO post_slot (post_id, weekday, starts_at, minutes)
        SELECT ${post.id}, s.weekday, s.starts_at::time, s.minutes
          FROM unnest(${slots.map((s) => s.weekday)}::smallint[],
                      ${slots.map((s) => s.startTime)}::text[],
                      ${slots.map((s) => s.minutes)}::int[]) AS s (weekday, starts_at, minutes)`);
      await this.audit.record(actor, { action: 'post.create', entity: 'Post', entityId: post.id });
      await this.planShifts(post.id, post.id);
      return this.queries.post(actor, post.id);
    });
  }

  /**
   * Retires a post: no more shifts; those to come are cancelled and their
   * members freed. Shifts already under way or done stay as they were.
   */
  async retire(actor: Actor, postId: string): Promise<PostView> {
    return this.uow.run(async () => {
      const post = await this.lockAdministered(actor, postId);
      if (post.status === 'RETIRED') throw PostsErrors.retired();
      const now = this.clock.now();
      await this.uow.query(sql`
        UPDATE post SET status = 'RETIRED', retired_at = ${now} WHERE id = ${postId}`);
      await this.uow.query(sql`
        WITH cancelled AS (
          UPDATE shift SET status = 'CANCELLED'
           WHERE post_id = ${postId} AND status = 'SCHEDULED' AND starts_at > ${now}
          RETURNING id)
        UPDATE assignment SET status = 'CANCELLED', ended_at = ${now},
               ended_by = ${accountOf(actor)}::uuid
         WHERE shift_id IN (SELECT id FROM cancelled) AND status = 'ACCEPTED'`);
      await this.uow.query(sql`
        UPDATE post_claim SET status = 'ENDED', ended_at = ${now}
         WHERE post_id = ${postId} AND status = 'ACTIVE'`);
      await this.audit.record(actor, { action: 'post.retire', entity: 'Post', entityId: postId });
      return this.queries.post(actor, postId);
    });
  }

  /**
   * Claims a post (认领) with a written commitment. Open to the community's
   * residents and to members with an ACTIVE report-in there, who can do the
   * post's type of work (the same skill and fitness rules as dispatch).
   */
  async claim(actor: Actor, input: ClaimPostInput): Promise<PostClaim> {
    const [memberId] = memberIdsOf(actor);
    if (!memberId) throw PostsErrors.notClaimable();
    const shiftsPerMonth = checkedShiftsPerMonth(input.shiftsPerMonth);
    const until = Validate.date('until', UNTIL, input.until);
    const commitment = Validate.text('commitment', COMMITMENT, input.commitment, 500);
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const [post] = await this.uow.query<{ status: string; today: string }>(sql`
            SELECT p.status, to_char(${this.clock.now()}::timestamptz AT TIME ZONE c.time_zone,
                                     'YYYY-MM-DD') AS today
              FROM post p JOIN community c ON c.id = p.community_id
             WHERE p.id = ${input.postId} FOR SHARE OF p`);
          if (!post) throw PostsErrors.notFound();
          if (post.status !== 'ACTIVE') throw PostsErrors.retired();
          if (until < post.today) throw PostsErrors.untilPast();
          const [able] = await this.uow.query<{ ok: boolean }>(sql`
            SELECT true AS ok
              FROM post p
              JOIN task_type tt ON tt.id = p.task_type_id
              JOIN member m ON m.id = ${memberId}
             WHERE p.id = ${input.postId} AND ${mayServe('m', 'p', 'tt')}`);
          // Whoever may not claim it learns no more than that: the post's
          // community and type are not theirs to probe.
          if (!able) throw PostsErrors.notClaimable();
          const claim = await this.uow.repository(PostClaim).save({
            postId: input.postId,
            memberId,
            shiftsPerMonth,
            until,
            commitment,
            status: 'ACTIVE',
            claimedAt: this.clock.now(),
          });
          await this.audit.record(actor, {
            action: 'post.claim',
            entity: 'PostClaim',
            entityId: claim.id,
          });
          await this.planShifts(input.postId, claim.id);
          return claim;
        }),
      { byName: { post_claim_one_active: PostsErrors.alreadyClaimed } },
    );
  }

  /**
   * Ends the actor's own claim: their shifts of the post not yet begun are
   * freed, and the planner offers the places to the post's other claimants.
   */
  async endClaim(actor: Actor, claimId: string): Promise<PostClaim> {
    return this.uow.run(async () => {
      const claims = this.uow.repository(PostClaim);
      const claim = await claims
        .createQueryBuilder('c')
        .where('c.id = :claimId AND c.memberId = ANY(:memberIds)', {
          claimId,
          memberIds: memberIdsOf(actor),
        })
        .setLock('pessimistic_write')
        .getOne();
      if (!claim) throw PostsErrors.claimNotFound();
      if (claim.status !== 'ACTIVE') throw PostsErrors.claimEnded();
      const now = this.clock.now();
      await claims.update(claim.id, { status: 'ENDED', endedAt: now });
      await this.uow.query(sql`
        UPDATE assignment a SET status = 'WITHDRAWN', ended_at = ${now},
               ended_by = ${accountOf(actor)}::uuid
          FROM shift s
         WHERE a.shift_id = s.id AND s.post_id = ${claim.postId} AND s.starts_at > ${now}
           AND a.member_id = ${claim.memberId} AND a.status = 'ACCEPTED'`);
      await this.audit.record(actor, {
        action: 'post.claim_end',
        entity: 'PostClaim',
        entityId: claim.id,
      });
      await this.planShifts(claim.postId, claim.id);
      return claims.findOneByOrFail({ id: claim.id });
    });
  }

  /** The post, locked, if the actor is its community's committee; NOT_FOUND or FORBIDDEN otherwise. */
  private async lockAdministered(actor: Actor, postId: string): Promise<Post> {
    const post = await this.access.administeredRecord(actor, Post, postId, PostsErrors.notFound);
    await this.uow.query(sql`SELECT 1 FROM post WHERE id = ${post.id} FOR UPDATE`);
    return post;
  }

  /** Asks the worker to plan the post's shifts once this commits; `causeId` names why. */
  private async planShifts(postId: string, causeId: string): Promise<void> {
    await this.outbox.enqueue(JOBS.postPlan, {
      postId,
      idempotencyKey: `post-plan:${postId}:${causeId}`,
    });
  }
}
