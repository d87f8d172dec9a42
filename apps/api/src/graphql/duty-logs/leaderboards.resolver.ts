import {
  Args,
  Field,
  Float,
  Int,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
} from '@nestjs/graphql';
import { memberIdsOf, type Actor } from '#core';
import {
  LEADERBOARD_METRICS,
  Leaderboards,
  StarLevels,
  type LeaderboardMetric,
} from '#domain/duty-logs';
import { enumOf } from '../common/enums.js';
import { ID_ARG, UuidScalar } from '../common/uuid.scalar.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';

export const LeaderboardMetricEnum = enumOf(LEADERBOARD_METRICS);
registerEnumType(LeaderboardMetricEnum, {
  name: 'LeaderboardMetric',
  description: 'HOURS: verified hours. POINTS: community points earned by service.',
});

@ObjectType('LeaderboardEntry')
class LeaderboardEntryModel {
  @Field(() => Int)
  rank!: number;

  @Field(() => UuidScalar)
  memberId!: string;

  @Field()
  memberName!: string;

  @Field(() => Float, { description: 'Hours (one decimal) or points.' })
  value!: number;
}

@ObjectType('Leaderboard')
class LeaderboardModel {
  @Field({ description: 'The period is closed and this is its board as frozen then.' })
  frozen!: boolean;

  @Field(() => [LeaderboardEntryModel])
  entries!: LeaderboardEntryModel[];
}

@ObjectType('StarLevel')
class StarLevelModel {
  @Field(() => Float, {
    description: 'Verified volunteer-service hours (obligatory duty excluded).',
  })
  volunteerHours!: number;

  @Field(() => Int, { description: '0 until the first threshold.' })
  level!: number;

  @Field(() => Int, { nullable: true, description: 'Hours of the next level; null at the top.' })
  nextLevelHours!: number | null;
}

/** Leaderboards (光荣榜) and star levels. */
@Resolver()
export class LeaderboardsResolver {
  constructor(
    private readonly leaderboards: Leaderboards,
    private readonly stars: StarLevels,
  ) {}

  @Query(() => LeaderboardModel, {
    description:
      'A community’s board (or one party group’s or unit’s within it) for a month (YYYY-MM), a year (YYYY) or all time (no period).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'MEMBER')
  leaderboard(
    @CurrentActor() actor: Actor,
    @Args('communityId', ID_ARG) communityId: string,
    @Args('metric', { type: () => LeaderboardMetricEnum }) metric: LeaderboardMetric,
    @Args('period', { type: () => String, nullable: true }) period: string | null,
    @Args('partyGroupId', { type: () => UuidScalar, nullable: true }) partyGroupId: string | null,
    @Args('unitId', { type: () => UuidScalar, nullable: true }) unitId: string | null,
    @Args('first', { type: () => Int, defaultValue: 20, description: '1 to 100.' }) first: number,
  ) {
    return this.leaderboards.board(actor, {
      communityId,
      metric,
      period: period ?? null,
      partyGroupId,
      unitId,
      first: Math.min(Math.max(first, 1), 100),
    });
  }

  @Query(() => StarLevelModel, {
    description: 'Your star level from verified volunteer-service hours.',
  })
  @RequireRoles('MEMBER')
  myStarLevel(@CurrentActor() actor: Actor) {
    return this.stars.of(memberIdsOf(actor)[0] ?? '');
  }
}
