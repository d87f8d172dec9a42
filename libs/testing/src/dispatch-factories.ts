import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Clock, type Actor } from '#core';
import { sql, UnitOfWork } from '#database';
import type { MemberView, RegisterMemberInput } from '#domain/members';
import type { Community, Courtyard, Unit } from '#domain/organisation';
import { TaskTypesService, type PhysicalIntensity, type TaskCategory } from '#domain/task-types';
import { TasksService, type TaskPriority } from '#domain/tasks';
import {
  createCommunity,
  createCourtyard,
  createMember,
  createServingMember,
  createUnit,
  operatorActor,
  unique,
} from './factories.js';

/*
 * Builders for dispatch tests: a community with two courtyards and a paired
 * unit, members available all week, task types of each category and draft
 * tasks. Each test builds its own.
 */

/** Every minute of the week. */
export const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  start: '00:00',
  end: '24:00',
}));

export interface DispatchPlace {
  readonly community: Community;
  readonly courtyard: Courtyard;
  readonly otherCourtyard: Courtyard;
  readonly unit: Unit;
}

export async function createDispatchPlace(app: INestApplicationContext): Promise<DispatchPlace> {
  const community = await createCommunity(app);
  return {
    community,
    courtyard: await createCourtyard(app, community.id),
    otherCourtyard: await createCourtyard(app, community.id),
    unit: await createUnit(app, [community.id]),
  };
}

/** A resident of the place's courtyard (or `courtyard`), available all week. */
export async function createResident(
  app: INestApplicationContext,
  place: DispatchPlace,
  overrides: Partial<RegisterMemberInput> = {},
): Promise<MemberView> {
  const { member } = await createMember(app, {
    kind: 'RESIDENT',
    residenceCommunityId: place.community.id,
    residenceCourtyardId: place.courtyard.id,
    availability: ALL_WEEK,
    ...overrides,
  });
  return member;
}

/** A seconded member of the place's unit serving in its community, available all week. */
export async function createSeconded(
  app: INestApplicationContext,
  place: DispatchPlace,
  overrides: Partial<RegisterMemberInput> = {},
): Promise<MemberView> {
  const { member } = await createServingMember(
    app,
    { unitId: place.unit.id, communityId: place.community.id },
    { availability: ALL_WEEK, ...overrides },
  );
  return member;
}

const LEVELS = {
  ROUTINE: { basicKnowledge: 'HIGH', professionalKnowledge: 'LOW' },
  PROFESSIONAL: { basicKnowledge: 'LOW', professionalKnowledge: 'HIGH' },
  JOINT: { basicKnowledge: 'MEDIUM', professionalKnowledge: 'MEDIUM' },
} as const;

export async function createTaskTypeOf(
  app: INestApplicationContext,
  category: TaskCategory,
  overrides: {
    requiredSkills?: string[];
    intensity?: PhysicalIntensity;
    outdoor?: boolean;
    night?: boolean;
  } = {},
): Promise<string> {
  const type = await app.get(TaskTypesService).createTaskType(operatorActor(), {
    name: unique('任务类型'),
    ...LEVELS[category],
    intensity: overrides.intensity ?? 'LIGHT',
    requiredSkills: overrides.requiredSkills ?? [],
    outdoor: overrides.outdoor ?? false,
    night: overrides.night ?? false,
    defaultDurationMinutes: 120,
  });
  return type.id;
}

export interface DraftTaskInput {
  readonly place: DispatchPlace;
  readonly taskTypeId: string;
  readonly startsAt: Date;
  /** Default: two hours after the start. */
  readonly endsAt?: Date;
  readonly headcount?: number;
  readonly secondedSlots?: number;
  readonly residentSlots?: number;
  readonly priority?: TaskPriority;
  readonly offerTimeoutMinutes?: number;
}

/** A DRAFT task at the place's courtyard, drafted by an operator. */
export async function createDraftTask(
  app: INestApplicationContext,
  input: DraftTaskInput,
): Promise<string> {
  const task = await app.get(TasksService).create(operatorActor(), {
    communityId: input.place.community.id,
    courtyardId: input.place.courtyard.id,
    taskTypeId: input.taskTypeId,
    title: unique('任务'),
    startsAt: input.startsAt,
    endsAt: input.endsAt ?? new Date(input.startsAt.getTime() + 2 * 3600_000),
    headcount: input.headcount ?? (input.secondedSlots ?? 0) + (input.residentSlots ?? 0),
    secondedSlots: input.secondedSlots ?? null,
    residentSlots: input.residentSlots ?? null,
    priority: input.priority ?? 'NORMAL',
    offerTimeoutMinutes: input.offerTimeoutMinutes ?? 30,
  });
  return task.id;
}

/**
 * A booking of the member (ACCEPTED) on a task of this type in the place
 * that started `hoursAgo` hours ago and lasted two: a task cannot be
 * drafted in the past, so it is drafted for tomorrow and moved back.
 */
export async function createPastBooking(
  app: INestApplicationContext,
  input: {
    place: DispatchPlace;
    memberId: string;
    taskTypeId: string;
    hoursAgo: number;
    slotKind: 'RESIDENT' | 'SECONDED';
  },
): Promise<string> {
  const taskId = await createDraftTask(app, {
    place: input.place,
    taskTypeId: input.taskTypeId,
    startsAt: new Date(app.get(Clock).now().getTime() + 24 * 3600_000),
    headcount: 1,
  });
  const back = `${String(24 + input.hoursAgo)} hours`;
  const [booking] = await app.get(UnitOfWork).query<{ id: string }>(sql`
    WITH moved AS (
      UPDATE task SET starts_at = starts_at - ${back}::interval, ends_at = ends_at - ${back}::interval
       WHERE id = ${taskId})
    INSERT INTO assignment (task_id, member_id, slot_kind, source, booked)
    SELECT id, ${input.memberId}, ${input.slotKind}, 'CLAIM',
           tstzrange(starts_at - ${back}::interval, ends_at - ${back}::interval)
      FROM task WHERE id = ${taskId}
    RETURNING id`);
  if (!booking) throw new Error('booking insert returned nothing');
  return booking.id;
}

/**
 * Makes `memberId` the leader of the party group covering the place's
 * courtyard, in an open temporary branch of its community.
 */
export async function createGroupLeader(
  app: INestApplicationContext,
  place: DispatchPlace,
  memberId: string,
): Promise<string> {
  const uow = app.get(UnitOfWork);
  const [group] = await uow.query<{ id: string }>(sql`
    WITH branch AS (
      INSERT INTO temporary_branch (community_id, name, purpose, starts_on)
      VALUES (${place.community.id}, ${unique('临时党支部')}, '测试', current_date) RETURNING id)
    INSERT INTO party_group (branch_id, community_id, courtyard_id, name)
    SELECT id, ${place.community.id}, ${place.courtyard.id}, ${unique('党小组')} FROM branch
    RETURNING id`);
  if (!group) throw new Error('party group insert returned nothing');
  await uow.query(sql`
    INSERT INTO group_assignment (member_id, party_group_id, role)
    VALUES (${memberId}, ${group.id}, 'LEADER')`);
  return group.id;
}

/** A member acting for themself (a member's sign-in, without a session). */
export function memberActor(memberId: string): Actor {
  return {
    accountId: randomUUID(),
    grants: [{ role: 'MEMBER', memberId }],
    requestId: `test-${randomUUID()}`,
  };
}

/** The committee of one community. */
export function committeeActor(communityId: string): Actor {
  return {
    accountId: randomUUID(),
    grants: [{ role: 'COMMUNITY_ADMIN', communityId }],
    requestId: `test-${randomUUID()}`,
  };
}
