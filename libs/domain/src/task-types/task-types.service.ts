import { Injectable } from '@nestjs/common';
import { CommonErrors, isOperator, Validate, type Actor } from '#core';
import { mapConstraintViolations, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { administers, CommunityAccess } from '#domain/organisation';
import { categoryOf, type KnowledgeLevel } from './task-category.js';
import { TaskType, type PhysicalIntensity } from './task-type.entity.js';
import { TaskTypeQueries } from './task-type-queries.service.js';
import { TaskTypesErrors } from './task-types.errors.js';

const NAME = { 'zh-CN': '名称', en: 'Name' };
const DESCRIPTION = { 'zh-CN': '说明', en: 'Description' };
const SKILLS = { 'zh-CN': '所需技能', en: 'Required skills' };

/** The fields of a task type that its managers set and correct. */
export interface TaskTypeFields {
  readonly name: string;
  readonly description?: string | null;
  readonly basicKnowledge: KnowledgeLevel;
  readonly professionalKnowledge: KnowledgeLevel;
  readonly requiredSkills?: readonly string[] | null;
  readonly intensity: PhysicalIntensity;
  readonly outdoor?: boolean | null;
  readonly night?: boolean | null;
  readonly defaultDurationMinutes: number;
  readonly pointsWeight?: number | null;
  readonly countsAsVolunteerService?: boolean | null;
}

export interface CreateTaskTypeInput extends TaskTypeFields {
  /** Null or absent for the shared catalogue. */
  readonly communityId?: string | null;
}

export type UpdateTaskTypeInput = {
  readonly [K in keyof TaskTypeFields]?: TaskTypeFields[K] | null;
};

function checkedInteger(value: number, min: number, max: number, error: () => Error): number {
  if (!Number.isInteger(value) || value < min || value > max) throw error();
  return value;
}

/**
 * Every field checked before anything is written; the category is derived
 * here, from the levels, and never taken from input.
 */
function validated(
  input: TaskTypeFields,
): Omit<TaskType, 'id' | 'communityId' | 'retiredAt' | 'createdAt'> {
  return {
    name: Validate.text('name', NAME, input.name, 100),
    description:
      input.description == null || input.description.trim() === ''
        ? ''
        : Validate.text('description', DESCRIPTION, input.description, 1000),
    basicKnowledge: input.basicKnowledge,
    professionalKnowledge: input.professionalKnowledge,
    category: categoryOf(input.basicKnowledge, input.professionalKnowledge),
    // The same tag rules as a member's skills, so a type's skills can match them.
    requiredSkills: Validate.tags('requiredSkills', SKILLS, input.requiredSkills ?? [], 20),
    intensity: input.intensity,
    outdoor: input.outdoor ?? false,
    night: input.night ?? false,
    defaultDurationMinutes: checkedInteger(
      input.defaultDurationMinutes,
      1,
      1440,
      TaskTypesErrors.invalidDuration,
    ),
    pointsWeight: checkedInteger(
      input.pointsWeight ?? 1,
      1,
      100,
      TaskTypesErrors.invalidPointsWeight,
    ),
    countsAsVolunteerService: input.countsAsVolunteerService ?? true,
  };
}

/**
 * The task-type catalogue: operators manage the shared types, a community's
 * committee its own. Reads are the TaskTypeQueries'.
 */
@Injectable()
export class TaskTypesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly access: CommunityAccess,
    private readonly queries: TaskTypeQueries,
  ) {}

  async createTaskType(actor: Actor, input: CreateTaskTypeInput): Promise<TaskType> {
    const communityId = input.communityId ?? null;
    if (communityId === null && !isOperator(actor)) throw CommonErrors.forbidden();
    const fields = validated(input);
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          if (communityId !== null) await this.access.requireAdministered(actor, communityId);
          const taskType = await this.uow
            .repository(TaskType)
            .save({ ...fields, communityId, retiredAt: null });
          await this.audit.record(actor, {
            action: 'task_type.create',
            entity: 'TaskType',
            entityId: taskType.id,
          });
          return taskType;
        }),
      { unique: TaskTypesErrors.nameTaken },
    );
  }

  /** Corrects a live type; fields left out keep their value, the category follows the levels. */
  async updateTaskType(actor: Actor, id: string, input: UpdateTaskTypeInput): Promise<TaskType> {
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const current = await this.managed(actor, id);
          const fields = validated({
            name: input.name ?? current.name,
            description: input.description ?? current.description,
            basicKnowledge: input.basicKnowledge ?? current.basicKnowledge,
            professionalKnowledge: input.professionalKnowledge ?? current.professionalKnowledge,
            requiredSkills: input.requiredSkills ?? current.requiredSkills,
            intensity: input.intensity ?? current.intensity,
            outdoor: input.outdoor ?? current.outdoor,
            night: input.night ?? current.night,
            defaultDurationMinutes: input.defaultDurationMinutes ?? current.defaultDurationMinutes,
            pointsWeight: input.pointsWeight ?? current.pointsWeight,
            countsAsVolunteerService:
              input.countsAsVolunteerService ?? current.countsAsVolunteerService,
          });
          await this.uow.repository(TaskType).update(id, fields);
          await this.audit.record(actor, {
            action: 'task_type.update',
            entity: 'TaskType',
            entityId: id,
          });
          return Object.assign(current, fields);
        }),
      { unique: TaskTypesErrors.nameTaken },
    );
  }

  /** Takes a type out of the catalogue; tasks that refer to it keep it. */
  async retireTaskType(actor: Actor, id: string): Promise<TaskType> {
    return this.uow.run(async () => {
      const current = await this.managed(actor, id);
      const retiredAt = new Date();
      await this.uow.repository(TaskType).update(id, { retiredAt });
      await this.audit.record(actor, {
        action: 'task_type.retire',
        entity: 'TaskType',
        entityId: id,
      });
      current.retiredAt = retiredAt;
      return current;
    });
  }

  /**
   * A live type the actor may change: NOT_FOUND when they cannot see it,
   * FORBIDDEN when they see it but do not manage its catalogue (a committee
   * and the shared types), TASK_TYPE_RETIRED once retired. Locked, so two
   * changes of one type run one after the other.
   */
  private async managed(actor: Actor, id: string): Promise<TaskType> {
    const current = await this.queries.locked(actor, id);
    const manages =
      current.communityId === null ? isOperator(actor) : administers(actor, current.communityId);
    if (!manages) throw CommonErrors.forbidden();
    if (current.retiredAt !== null) throw TaskTypesErrors.retired();
    return current;
  }
}
