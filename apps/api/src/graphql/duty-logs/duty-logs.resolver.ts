import { Args, Float, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import {
  CheckInsService,
  DutyLogQueries,
  DutyLogsService,
  WorkingCalendar,
  type DutyLogStatus,
} from '#domain/duty-logs';
import { DutyLogStatusEnum } from '../common/enums.js';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG, UuidScalar } from '../common/uuid.scalar.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { BackfillDutyLogInput, CalendarDayInput, DutyLogInput } from './duty-logs.input.js';
import { CalendarDayModel, CheckInModel, DutyLogModel, DutyLogPage } from './duty-logs.model.js';

/** Duty logs (纪实): members submit and correct, leaders and committees decide, HR reads. */
@Resolver()
export class DutyLogsResolver {
  constructor(
    private readonly service: DutyLogsService,
    private readonly queries: DutyLogQueries,
    private readonly calendar: WorkingCalendar,
    private readonly checkIns: CheckInsService,
  ) {}

  @Mutation(() => CheckInModel, {
    description:
      'Checks in to your task or shift booking: from 30 minutes before its start, within 500 m of its place when it has coordinates.',
  })
  @RequireRoles('MEMBER')
  checkIn(
    @CurrentActor() actor: Actor,
    @Args('assignmentId', ID_ARG) assignmentId: string,
    @Args('latitude', { type: () => Float, nullable: true }) latitude: number | null,
    @Args('longitude', { type: () => Float, nullable: true }) longitude: number | null,
  ) {
    return this.checkIns.checkIn(actor, assignmentId, { latitude, longitude });
  }

  @Mutation(() => DutyLogModel, {
    description:
      'Checks out (until 2 hours after the end): writes the duty log from check-in to now, verified at once by default.',
  })
  @RequireRoles('MEMBER')
  checkOut(
    @CurrentActor() actor: Actor,
    @Args('assignmentId', ID_ARG) assignmentId: string,
    @Args('latitude', { type: () => Float, nullable: true }) latitude: number | null,
    @Args('longitude', { type: () => Float, nullable: true }) longitude: number | null,
  ) {
    return this.checkIns.checkOut(actor, assignmentId, { latitude, longitude });
  }

  @Query(() => DutyLogPage, {
    complexity: pagedComplexity,
    description:
      'Duty logs you may read, newest first: your own; your community’s (committee); your group members’ (leader, deputy); your unit’s members’ (unit HR).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'GROUP_LEADER', 'UNIT_HR', 'MEMBER')
  dutyLogs(
    @CurrentActor() actor: Actor,
    @Args() page: PageArgs,
    @Args('communityId', { type: () => UuidScalar, nullable: true }) communityId: string | null,
    @Args('memberId', { type: () => UuidScalar, nullable: true }) memberId: string | null,
    @Args('status', { type: () => DutyLogStatusEnum, nullable: true }) status: DutyLogStatus | null,
  ) {
    return this.queries.list(actor, { communityId, memberId, status }, toPageRequest(page));
  }

  @Query(() => [DutyLogModel], {
    description: 'A log’s whole chain: the first log and each correction, oldest first.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'GROUP_LEADER', 'UNIT_HR', 'MEMBER')
  dutyLogChain(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.queries.chain(actor, id);
  }

  @Query(() => [CalendarDayModel], {
    description:
      'The year’s holidays and weekend days worked (the age of a duty log counts by them).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'GROUP_LEADER', 'UNIT_HR', 'MEMBER')
  workingCalendar(@Args('year', { type: () => Int }) year: number) {
    return this.calendar.year(year);
  }

  @Mutation(() => DutyLogModel, {
    description: 'Logs your service; sending the same clientRequestId again returns the first log.',
  })
  @RequireRoles('MEMBER')
  submitDutyLog(@CurrentActor() actor: Actor, @Args('input') input: DutyLogInput) {
    return this.service.submit(actor, input);
  }

  @Mutation(() => DutyLogModel, {
    description:
      'Corrects one of your verified logs: a new log, verified in turn, that replaces it.',
  })
  @RequireRoles('MEMBER')
  correctDutyLog(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('input') input: DutyLogInput,
  ) {
    return this.service.correct(actor, id, input);
  }

  @Mutation(() => DutyLogModel, {
    description:
      'Logs a member’s service late, with the reason (the community’s committee; audited).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  backfillDutyLog(@CurrentActor() actor: Actor, @Args('input') input: BackfillDutyLogInput) {
    return this.service.backfill(actor, input);
  }

  @Mutation(() => [DutyLogModel], {
    description:
      'Verifies submitted logs, all or none (group leader or deputy, or committee; audited).',
  })
  @RequireRoles('COMMUNITY_ADMIN', 'GROUP_LEADER')
  verifyDutyLogs(
    @CurrentActor() actor: Actor,
    @Args('ids', { type: () => [UuidScalar] }) ids: string[],
  ) {
    return this.service.verify(actor, ids);
  }

  @Mutation(() => DutyLogModel, {
    description: 'Rejects a submitted log with the reason (audited).',
  })
  @RequireRoles('COMMUNITY_ADMIN', 'GROUP_LEADER')
  rejectDutyLog(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('reason') reason: string,
  ) {
    return this.service.reject(actor, id, reason);
  }

  @Mutation(() => [CalendarDayModel], {
    description:
      'Sets holidays and weekend days worked, as the State Council announces them (audited).',
  })
  @RequireRoles('OPERATOR')
  setWorkingCalendar(
    @CurrentActor() actor: Actor,
    @Args('days', { type: () => [CalendarDayInput] }) days: CalendarDayInput[],
  ) {
    return this.calendar.set(actor, days);
  }
}
