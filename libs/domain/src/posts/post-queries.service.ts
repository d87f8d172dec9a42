import { Injectable } from '@nestjs/common';
import { Clock, memberIdsOf, type Actor } from '#core';
import { In } from 'typeorm';
import { sql, UnitOfWork } from '#database';
import { CommunityAccess } from '#domain/organisation';
import type { PostSlot } from './post-input.js';
import { PostClaim } from './post-claim.entity.js';
import type { PostView, ShiftCoverage, ShiftView } from './post-views.js';
import { Post } from './post.entity.js';
import { PostsErrors } from './posts.errors.js';
import { shiftPlaces } from './shift-places.js';

const DAY_MS = 86_400_000;
/** Shifts a coverage view lists at most (8 weeks of a busy community's posts). */
const MAX_COVERAGE_SHIFTS = 2_000;
/** A member's own shifts and claims: what is coming, not their whole history. */
const MAX_OWN = 200;

/** Reads of posts, claims and shifts, each within the reader's scope. */
@Injectable()
export class PostQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CommunityAccess,
    private readonly clock: Clock,
  ) {}

  /**
   * The posts of a community the actor may see (its committee, a member who
   * lives or serves there, an operator), active ones first; none otherwise.
   */
  async posts(actor: Actor, communityId: string): Promise<PostView[]> {
    const posts = await this.access
      .inVisibleCommunities(actor, Post, 'p')
      .andWhere('p.communityId = :communityId', { communityId })
      .orderBy('p.status')
      .addOrderBy('p.name')
      .addOrderBy('p.id')
      .getMany();
    return this.withSlots(posts);
  }

  /** One post the actor may see; NOT_FOUND otherwise. */
  async post(actor: Actor, postId: string): Promise<PostView> {
    const post = await this.access
      .inVisibleCommunities(actor, Post, 'p')
      .andWhere('p.id = :postId', { postId })
      .getOne();
    const [view] = post ? await this.withSlots([post]) : [];
    if (!view) throw PostsErrors.notFound();
    return view;
  }

  async withSlots(posts: readonly Post[]): Promise<PostView[]> {
    if (posts.length === 0) return [];
    const slots = await this.uow.query<PostSlot & { postId: string }>(sql`
      SELECT post_id AS "postId", weekday, to_char(starts_at, 'HH24:MI') AS "startTime", minutes
        FROM post_slot WHERE post_id = ANY(${posts.map((p) => p.id)}::uuid[])
       ORDER BY weekday, starts_at`);
    return posts.map((post) =>
      Object.assign(post, {
        slots: slots
          .filter((slot) => slot.postId === post.id)
          .map(({ weekday, startTime, minutes }) => ({ weekday, startTime, minutes })),
      }),
    );
  }

  /**
   * The committee's coverage of its posts for the coming `weeks`: every
   * scheduled shift with who is booked, shifts with places open first
   * (soonest first), then those whose released places are still out in
   * dispatch, then the full ones.
   */
  async coverage(actor: Actor, communityId: string, weeks: number): Promise<ShiftCoverage[]> {
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > 8) throw PostsErrors.weeks();
    await this.access.requireAdministered(actor, communityId);
    const now = this.clock.now();
    const until = new Date(now.getTime() + weeks * 7 * DAY_MS);
    return this.uow.query<ShiftCoverage>(sql`
      SELECT s.id, s.post_id AS "postId", p.name AS "postName", s.starts_at AS "startsAt",
             s.ends_at AS "endsAt", s.headcount, n.booked, n.refilling,
             greatest(s.headcount - n.booked - n.refilling, 0) AS open,
             coalesce((SELECT jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name, 'kind', m.kind)
                                        ORDER BY b.ord)
                         FROM unnest(n."memberIds") WITH ORDINALITY AS b (member_id, ord)
                         JOIN member m ON m.id = b.member_id), '[]') AS members
        FROM shift s
        JOIN post p ON p.id = s.post_id
       CROSS JOIN LATERAL ${shiftPlaces('s')} n
       WHERE p.community_id = ${communityId} AND s.status = 'SCHEDULED'
         AND s.ends_at > ${now} AND s.starts_at < ${until}
       ORDER BY n.booked + n.refilling >= s.headcount, n.booked >= s.headcount, s.starts_at,
                p.name, s.id
       LIMIT ${MAX_COVERAGE_SHIFTS}`);
  }

  /** The actor's own shifts still to come or under way, soonest first. */
  async myShifts(actor: Actor): Promise<ShiftView[]> {
    const memberIds = memberIdsOf(actor);
    if (memberIds.length === 0) return [];
    return this.uow.query<ShiftView>(sql`
      SELECT s.id, s.post_id AS "postId", p.name AS "postName", s.starts_at AS "startsAt",
             s.ends_at AS "endsAt", s.headcount, n.booked, n.refilling,
             greatest(s.headcount - n.booked - n.refilling, 0) AS open
        FROM assignment a
        JOIN shift s ON s.id = a.shift_id
        JOIN post p ON p.id = s.post_id
       CROSS JOIN LATERAL ${shiftPlaces('s')} n
       WHERE a.member_id = ANY(${memberIds}::uuid[]) AND a.status = 'ACCEPTED'
         AND s.ends_at > ${this.clock.now()}
       ORDER BY s.starts_at, s.id
       LIMIT ${MAX_OWN}`);
  }

  /** The actor's own claims, active ones first, newest first. */
  async myClaims(actor: Actor): Promise<PostClaim[]> {
    const memberIds = memberIdsOf(actor);
    if (memberIds.length === 0) return [];
    return this.uow.repository(PostClaim).find({
      where: { memberId: In(memberIds) },
      order: { status: 'ASC', claimedAt: 'DESC', id: 'ASC' },
      take: MAX_OWN,
    });
  }

  /** The claims of a post, for its community's committee. */
  async claimsOf(actor: Actor, postId: string): Promise<PostClaim[]> {
    const post = await this.access.administeredRecord(actor, Post, postId, PostsErrors.notFound);
    return this.uow.repository(PostClaim).find({
      where: { postId: post.id },
      order: { status: 'ASC', claimedAt: 'ASC', id: 'ASC' },
    });
  }
}
