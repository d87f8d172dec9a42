import { Injectable } from '@nestjs/common';
import { Clock, CommonErrors, DomainError, PersonalDataCipher, Validate, type Actor } from '#core';
import { UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { normalizePhone } from '#domain/members';
import { administers, CommunityAccess, OrganisationQueries } from '#domain/organisation';
import {
  accountOf,
  TasksErrors,
  TasksService,
  type CreateTaskInput,
  type TaskPriority,
} from '#domain/tasks';
import { DemandQueries } from './demand-queries.service.js';
import { toDemandView, type DemandView } from './demand-view.js';
import { Demand, type DemandChannel } from './demand.entity.js';
import { DemandsErrors } from './demands.errors.js';

const DESCRIPTION = { 'zh-CN': '需求描述', en: 'Description' };
const REQUESTER = { 'zh-CN': '求助人姓名', en: 'Requester name' };
const REASON = { 'zh-CN': '驳回理由', en: 'Reason' };

/** A demand accepts into at most this many tasks at once. */
export const MAX_TASKS_PER_DEMAND = 20;

export interface RecordDemandInput {
  readonly communityId: string;
  readonly courtyardId: string;
  readonly description: string;
  readonly urgency: TaskPriority;
  readonly channel: DemandChannel;
  readonly requesterName: string;
  readonly requesterPhone: string;
}

/**
 * A task a demand is accepted into: in the demand's community, at the
 * demand's courtyard unless another is given, with the demand's urgency as
 * its priority unless another is given.
 */
export type DemandTaskInput = Omit<CreateTaskInput, 'communityId' | 'courtyardId'> & {
  readonly courtyardId?: string | null;
};

/**
 * Residents' demands (点单) as the committee records and decides them:
 * accepted into tasks (订单), rejected with a reason, or merged into another
 * demand of the same need. Every step is audited, and only the community's
 * committee (or an operator) takes it. The requester's name and phone are
 * encrypted before they reach the database and never logged.
 */
@Injectable()
export class DemandsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly cipher: PersonalDataCipher,
    private readonly access: CommunityAccess,
    private readonly organisation: OrganisationQueries,
    private readonly queries: DemandQueries,
    private readonly tasks: TasksService,
  ) {}

  async record(actor: Actor, input: RecordDemandInput): Promise<DemandView> {
    const description = Validate.text('description', DESCRIPTION, input.description, 1000);
    const requesterName = Validate.text('requesterName', REQUESTER, input.requesterName, 64);
    const requesterPhone = requesterPhoneOf(input.requesterPhone);
    return this.uow.run(async () => {
      await this.access.requireAdministered(actor, input.communityId);
      const [courtyard] = await this.organisation.courtyardsByIds([input.courtyardId]);
      if (courtyard?.communityId !== input.communityId) throw TasksErrors.courtyardNotInCommunity();
      const demand = await this.uow.repository(Demand).save({
        communityId: input.communityId,
        courtyardId: input.courtyardId,
        description,
        urgency: input.urgency,
        channel: input.channel,
        requesterNameCipher: this.cipher.encrypt(requesterName),
        requesterPhoneCipher: this.cipher.encrypt(requesterPhone),
        status: 'OPEN',
        rejectionReason: null,
        mergedIntoId: null,
        receivedAt: this.clock.now(),
        recordedBy: accountOf(actor),
        decidedAt: null,
        decidedBy: null,
      });
      await this.audit.record(actor, {
        action: 'demand.record',
        entity: 'Demand',
        entityId: demand.id,
      });
      return toDemandView(demand, actor, this.cipher);
    });
  }

  /**
   * Accepts an open demand into 1 to 20 tasks, drafted in the same
   * transaction: all of them or none. An input error names the task by its
   * place in the list (`tasks.1.endsAt`).
   */
  async accept(actor: Actor, id: string, tasks: readonly DemandTaskInput[]): Promise<DemandView> {
    if (tasks.length < 1 || tasks.length > MAX_TASKS_PER_DEMAND) throw DemandsErrors.taskCount();
    return this.uow.run(async () => {
      const demand = await this.open(actor, id);
      for (const [index, task] of tasks.entries()) {
        await this.tasks
          .create(
            actor,
            {
              ...task,
              communityId: demand.communityId,
              courtyardId: task.courtyardId ?? demand.courtyardId,
            },
            { demandId: demand.id, urgency: demand.urgency },
          )
          .catch((error: unknown) => {
            throw inTaskList(error, index);
          });
      }
      return this.decide(actor, demand, 'accept', { status: 'ACCEPTED' });
    });
  }

  async reject(actor: Actor, id: string, reason: string): Promise<DemandView> {
    const rejectionReason = Validate.text('reason', REASON, reason, 500);
    return this.uow.run(async () => {
      const demand = await this.open(actor, id);
      return this.decide(actor, demand, 'reject', { status: 'REJECTED', rejectionReason });
    });
  }

  /**
   * Merges an open demand into another of the same community that still
   * stands (open or accepted): the same need reported twice is answered
   * once, and the merged demand shows the target's tasks as its progress.
   * Demands merged into this one earlier follow it to the target, so a
   * merged demand always points straight at one that stands.
   */
  async merge(actor: Actor, id: string, intoId: string): Promise<DemandView> {
    if (id === intoId) throw DemandsErrors.mergeTarget();
    return this.uow.run(async () => {
      // Both rows locked in id order, so two crossing merges cannot deadlock.
      const locked = await this.queries
        .scoped(actor)
        .andWhere('d.id IN (:...ids)', { ids: [id, intoId] })
        .orderBy('d.id')
        .setLock('pessimistic_write', undefined, ['d'])
        .getMany();
      const demand = locked.find((d) => d.id === id);
      if (!demand) throw DemandsErrors.notFound();
      this.requireManaged(actor, demand);
      if (demand.status !== 'OPEN') throw DemandsErrors.notOpen();
      const target = locked.find((d) => d.id === intoId);
      if (
        !target ||
        target.communityId !== demand.communityId ||
        target.status === 'REJECTED' ||
        target.status === 'MERGED'
      ) {
        throw DemandsErrors.mergeTarget();
      }
      await this.uow
        .repository(Demand)
        .update({ mergedIntoId: demand.id }, { mergedIntoId: target.id });
      return this.decide(actor, demand, 'merge', { status: 'MERGED', mergedIntoId: target.id });
    });
  }

  /** An open demand the actor decides, locked: NOT_FOUND out of scope, FORBIDDEN outside the committee. */
  private async open(actor: Actor, id: string): Promise<Demand> {
    const demand = await this.queries
      .scoped(actor)
      .andWhere('d.id = :id', { id })
      .setLock('pessimistic_write', undefined, ['d'])
      .getOne();
    if (!demand) throw DemandsErrors.notFound();
    this.requireManaged(actor, demand);
    if (demand.status !== 'OPEN') throw DemandsErrors.notOpen();
    return demand;
  }

  private requireManaged(actor: Actor, demand: Demand): void {
    if (!administers(actor, demand.communityId)) throw CommonErrors.forbidden();
  }

  private async decide(
    actor: Actor,
    demand: Demand,
    action: 'accept' | 'reject' | 'merge',
    change: Pick<Demand, 'status'> & Partial<Pick<Demand, 'rejectionReason' | 'mergedIntoId'>>,
  ): Promise<DemandView> {
    const decided = { ...change, decidedAt: this.clock.now(), decidedBy: accountOf(actor) };
    await this.uow.repository(Demand).update(demand.id, decided);
    await this.audit.record(actor, {
      action: `demand.${action}`,
      entity: 'Demand',
      entityId: demand.id,
    });
    return toDemandView(Object.assign(demand, decided), actor, this.cipher);
  }
}

/** The phone rules of members (members/phone.ts), reported on this field. */
function requesterPhoneOf(raw: string): string {
  try {
    return normalizePhone(raw);
  } catch {
    throw DemandsErrors.requesterPhone();
  }
}

/** An input error of one of the tasks, its field named by the task's place in the list. */
function inTaskList(error: unknown, index: number): unknown {
  if (!(error instanceof DomainError) || error.field === undefined) return error;
  return new DomainError(
    error.code,
    error.category,
    error.messages,
    `tasks.${String(index)}.${error.field}`,
    error.details,
  );
}
