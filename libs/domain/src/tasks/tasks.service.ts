import { Injectable } from '@nestjs/common';
import { Clock, Validate, type Actor } from '#core';
import { UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { CommunityAccess, OrganisationQueries } from '#domain/organisation';
import { TaskTypeQueries } from '#domain/task-types';
import type { MemberKind } from '#domain/members';
import {
  DEFAULT_OFFER_TIMEOUT_MINUTES,
  checkedCoordinates,
  checkedDescription,
  checkedOfferTimeout,
  checkedRating,
  checkedSlots,
  checkedTitle,
  checkWindow,
} from './task-input.js';
import { TaskQueries } from './task-queries.service.js';
import { TASK_WINDOW_OPENED } from './task-status.js';
import { accountOf, TaskTransitions } from './task-transitions.service.js';
import { Task, type TaskPriority } from './task.entity.js';
import { TasksErrors } from './tasks.errors.js';

const COMMENT = { 'zh-CN': '评价', en: 'Comment' };

/** What the committee sets on a task and may correct while it is a draft. */
export interface TaskFields {
  readonly taskTypeId: string;
  readonly courtyardId: string;
  readonly title: string;
  readonly description?: string | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly headcount: number;
  /** JOINT only, with residentSlots: at least one of each, adding up to the headcount. */
  readonly secondedSlots?: number | null;
  readonly residentSlots?: number | null;
  /** NORMAL unless given, or the urgency of the demand the task answers. */
  readonly priority?: TaskPriority | null;
  /** 1 to 10080; DEFAULT_OFFER_TIMEOUT_MINUTES of the priority unless given. */
  readonly offerTimeoutMinutes?: number | null;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
}

export interface CreateTaskInput extends TaskFields {
  readonly communityId: string;
}

/** Fields left out keep their value. */
export type UpdateTaskInput = { readonly [K in keyof TaskFields]?: TaskFields[K] | null };

/** The demand a task answers, when the committee accepts one (DemandsService). */
export interface TaskOrigin {
  readonly demandId: string;
  readonly urgency: TaskPriority;
}

/** A shift's place its member released, to go out through dispatch as a task of its own. */
export interface ShiftRefill {
  readonly communityId: string;
  readonly courtyardId: string;
  readonly taskTypeId: string;
  readonly postName: string;
  readonly shiftId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly latitude: number | null;
  readonly longitude: number | null;
  /** The booking released, and whose it was. */
  readonly refillsAssignmentId: string;
  readonly releasedBy: MemberKind;
}

/** A released place within this long of its shift is urgent: offers need quick answers. */
const REFILL_URGENT_WITHIN_MS = 24 * 3_600_000;

export interface TaskRating {
  readonly rating: number;
  readonly comment?: string | null;
}

type CheckedFields = Omit<
  Task,
  | 'id'
  | 'communityId'
  | 'demandId'
  | 'shiftId'
  | 'refillsAssignmentId'
  | 'status'
  | 'dispatchRound'
  | 'escalation'
  | 'escalatedAt'
  | 'firstEscalatedAt'
  | 'rating'
  | 'ratingComment'
  | 'ratedAt'
  | 'createdBy'
  | 'createdAt'
  | 'updatedAt'
>;

/**
 * The committee's tasks (订单): drafted directly or from a demand, corrected
 * while drafts, completed, and rated once done. Publishing and everything
 * after it until the window opens are dispatch's; the start of the window is
 * TaskStartHandler's. Reads are the TaskQueries'.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly access: CommunityAccess,
    private readonly organisation: OrganisationQueries,
    private readonly taskTypes: TaskTypeQueries,
    private readonly queries: TaskQueries,
    private readonly transitions: TaskTransitions,
  ) {}

  /**
   * Drafts a task in a community the actor administers. Everything is
   * checked before the first write, so a refused task leaves no row, no
   * history and no audit line. Joins the caller's transaction (a demand
   * accepted into several tasks commits them together).
   */
  async create(actor: Actor, input: CreateTaskInput, origin?: TaskOrigin): Promise<Task> {
    return this.uow.run(async () => {
      await this.access.requireAdministered(actor, input.communityId);
      const fields = await this.checked(input.communityId, {
        ...input,
        priority: input.priority ?? origin?.urgency ?? 'NORMAL',
      });
      const task = await this.insertDraft(
        {
          ...fields,
          communityId: input.communityId,
          demandId: origin?.demandId ?? null,
          shiftId: null,
          refillsAssignmentId: null,
        },
        actor,
      );
      await this.audit.record(actor, { action: 'task.create', entity: 'Task', entityId: task.id });
      return task;
    });
  }

  /**
   * Drafts, as the system, the task that refills one released place of a
   * shift (ShiftRefiller publishes it). One place cannot be split between
   * seconded and resident members, so for a JOINT type the place goes back
   * to the pool of the member who left it: a resident's to the residents
   * (ROUTINE), a seconded member's to the seconded members with the skill
   * (PROFESSIONAL). Runs in the caller's transaction.
   */
  async draftRefill(refill: ShiftRefill): Promise<Task> {
    const taskType = await this.taskTypes.usableIn(refill.communityId, refill.taskTypeId);
    const category =
      taskType.category !== 'JOINT'
        ? taskType.category
        : refill.releasedBy === 'SECONDED'
          ? 'PROFESSIONAL'
          : 'ROUTINE';
    const priority: TaskPriority =
      refill.startsAt.getTime() - this.clock.now().getTime() < REFILL_URGENT_WITHIN_MS
        ? 'URGENT'
        : 'NORMAL';
    return this.insertDraft(
      {
        communityId: refill.communityId,
        courtyardId: refill.courtyardId,
        taskTypeId: taskType.id,
        category,
        title: `${refill.postName.slice(0, 96)}（补位）`,
        description: `岗位“${refill.postName}”的一个班次名额已释放，需一人补位。`,
        startsAt: refill.startsAt,
        endsAt: refill.endsAt,
        headcount: 1,
        secondedSlots: null,
        residentSlots: null,
        priority,
        offerTimeoutMinutes: DEFAULT_OFFER_TIMEOUT_MINUTES[priority],
        latitude: refill.latitude,
        longitude: refill.longitude,
        demandId: null,
        shiftId: refill.shiftId,
        refillsAssignmentId: refill.refillsAssignmentId,
      },
      null,
    );
  }

  /** Corrects a draft; once published a task's terms are what members were offered. */
  async update(actor: Actor, id: string, input: UpdateTaskInput): Promise<Task> {
    return this.uow.run(async () => {
      const current = await this.queries.managed(actor, id);
      if (current.status !== 'DRAFT') throw TasksErrors.notDraft();
      const fields = await this.checked(current.communityId, {
        taskTypeId: input.taskTypeId ?? current.taskTypeId,
        courtyardId: input.courtyardId ?? current.courtyardId,
        title: input.title ?? current.title,
        description: input.description ?? current.description,
        startsAt: input.startsAt ?? current.startsAt,
        endsAt: input.endsAt ?? current.endsAt,
        headcount: input.headcount ?? current.headcount,
        // A split given replaces the old one. A new type drops the old split:
        // its category may differ, so a JOINT type needs its split given again.
        secondedSlots: input.secondedSlots ?? (input.taskTypeId ? null : current.secondedSlots),
        residentSlots: input.residentSlots ?? (input.taskTypeId ? null : current.residentSlots),
        priority: input.priority ?? current.priority,
        offerTimeoutMinutes: input.offerTimeoutMinutes ?? current.offerTimeoutMinutes,
        latitude: input.latitude ?? current.latitude,
        longitude: input.longitude ?? current.longitude,
      });
      const updatedAt = this.clock.now();
      await this.uow.repository(Task).update(id, { ...fields, updatedAt });
      await this.audit.record(actor, { action: 'task.update', entity: 'Task', entityId: id });
      return Object.assign(current, fields, { updatedAt });
    });
  }

  /**
   * The committee marks the work done. A FILLED task whose window has opened
   * but that the start schedule has not reached yet is started first, by
   * the system, so its history still shows IN_PROGRESS before COMPLETED.
   */
  async complete(actor: Actor, id: string): Promise<Task> {
    return this.uow.run(async () => {
      const task = await this.queries.managed(actor, id);
      if (task.status === 'FILLED') {
        if (task.startsAt.getTime() > this.clock.now().getTime()) throw TasksErrors.notStarted();
        await this.transitions.move(task, 'IN_PROGRESS', null, TASK_WINDOW_OPENED);
      }
      await this.transitions.move(task, 'COMPLETED', actor);
      await this.audit.record(actor, { action: 'task.complete', entity: 'Task', entityId: id });
      return task;
    });
  }

  /** Records the requester's rating (评单) of completed work, once. */
  async rate(actor: Actor, id: string, input: TaskRating): Promise<Task> {
    const rating = checkedRating(input.rating);
    const ratingComment =
      input.comment == null || input.comment.trim() === ''
        ? null
        : Validate.text('comment', COMMENT, input.comment, 500);
    return this.uow.run(async () => {
      const task = await this.queries.managed(actor, id);
      if (task.status !== 'COMPLETED') throw TasksErrors.notCompleted();
      if (task.rating !== null) throw TasksErrors.alreadyRated();
      const ratedAt = this.clock.now();
      await this.uow.repository(Task).update(id, { rating, ratingComment, ratedAt });
      await this.audit.record(actor, { action: 'task.rate', entity: 'Task', entityId: id });
      return Object.assign(task, { rating, ratingComment, ratedAt });
    });
  }

  /** A new task row, DRAFT, with the first line of its history: nothing sent, escalated or rated yet. */
  private async insertDraft(
    fields: CheckedFields &
      Pick<Task, 'communityId' | 'demandId' | 'shiftId' | 'refillsAssignmentId'>,
    by: Actor | null,
  ): Promise<Task> {
    const now = this.clock.now();
    const task = await this.uow.repository(Task).save({
      ...fields,
      status: 'DRAFT',
      dispatchRound: 0,
      escalation: 'NONE',
      escalatedAt: null,
      firstEscalatedAt: null,
      rating: null,
      ratingComment: null,
      ratedAt: null,
      createdBy: accountOf(by),
      createdAt: now,
      updatedAt: now,
    });
    await this.transitions.created(task, by);
    return task;
  }

  /**
   * Every field checked, the type and the courtyard read: the type must be
   * live and shared or the community's own, the courtyard the community's.
   * The category is the type's, copied.
   */
  private async checked(
    communityId: string,
    input: TaskFields & { priority: TaskPriority },
  ): Promise<CheckedFields> {
    const title = checkedTitle(input.title);
    const description = checkedDescription(input.description);
    checkWindow(input.startsAt, input.endsAt, this.clock.now());
    const offerTimeoutMinutes = checkedOfferTimeout(input.offerTimeoutMinutes, input.priority);
    const coordinates = checkedCoordinates(input.latitude, input.longitude);
    const taskType = await this.taskTypes.usableIn(communityId, input.taskTypeId);
    const [courtyard] = await this.organisation.courtyardsByIds([input.courtyardId]);
    if (courtyard?.communityId !== communityId) throw TasksErrors.courtyardNotInCommunity();
    const slots = checkedSlots(
      taskType.category,
      input.headcount,
      input.secondedSlots,
      input.residentSlots,
    );
    return {
      taskTypeId: taskType.id,
      courtyardId: input.courtyardId,
      category: taskType.category,
      title,
      description,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      ...slots,
      priority: input.priority,
      offerTimeoutMinutes,
      ...coordinates,
    };
  }
}
