import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import { Clock, communityIdsOf, isOperator, memberIdsOf, partyGroupIdsOf, type Actor } from '#core';
import { UnitOfWork } from '#database';
import { administers } from '#domain/organisation';
import { Task } from '#domain/tasks';
import { Assignment } from './assignment.entity.js';
import { DispatchErrors } from './dispatch.errors.js';
import { Matcher } from './matcher.js';
import { TaskOffer, type OfferStatus } from './task-offer.entity.js';

/** Tasks still short of people whose escalation someone has been told of, or UNFILLED. */
const ESCALATED = `(t.status = 'UNFILLED' OR (t.status = 'DISPATCHING' AND t.escalation <> 'NONE'))`;

/**
 * Reads of dispatch: a member's own offers, assignments and open tasks; a
 * committee's offers (with the reasons) and assignments of its tasks and its
 * unfilled and escalated list; a group leader's escalations.
 */
@Injectable()
export class DispatchQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly matcher: Matcher,
    private readonly clock: Clock,
  ) {}

  /** The actor's own offers, newest first; nobody else's, whatever their role. */
  async myOffers(actor: Actor, status?: OfferStatus | null): Promise<TaskOffer[]> {
    const memberIds = memberIdsOf(actor);
    if (memberIds.length === 0) return [];
    return this.uow.repository(TaskOffer).find({
      where: { memberId: In(memberIds), ...(status ? { status } : {}) },
      order: { offeredAt: 'DESC', id: 'ASC' },
      take: 200,
    });
  }

  async myAssignments(actor: Actor): Promise<Assignment[]> {
    const memberIds = memberIdsOf(actor);
    if (memberIds.length === 0) return [];
    return this.uow.repository(Assignment).find({
      // task bookings: a post's shifts are listed with the posts (myShifts)
      where: { memberId: In(memberIds), taskId: Not(IsNull()) },
      order: { acceptedAt: 'DESC', id: 'ASC' },
      take: 200,
    });
  }

  /** The tasks the actor (as a member) may claim now, soonest first. */
  async openTasks(actor: Actor): Promise<Task[]> {
    const [memberId] = memberIdsOf(actor);
    if (!memberId) return [];
    const ids = await this.matcher.openTaskIds(memberId, this.clock.now());
    if (ids.length === 0) return [];
    const tasks = await this.uow.repository(Task).findBy({ id: In(ids) });
    return ids.flatMap((id) => tasks.filter((task) => task.id === id));
  }

  /** Offers of the given tasks (a loader's batch), of tasks the actor's committee runs only. */
  async offersOfTasks(actor: Actor, taskIds: readonly string[]): Promise<TaskOffer[]> {
    return this.ofAdministeredTasks(actor, TaskOffer, taskIds, 'offeredAt');
  }

  async assignmentsOfTasks(actor: Actor, taskIds: readonly string[]): Promise<Assignment[]> {
    return this.ofAdministeredTasks(actor, Assignment, taskIds, 'acceptedAt');
  }

  /** The community's tasks nobody filled, and those escalated while still dispatching. */
  async unfilledTasks(actor: Actor, communityId: string): Promise<Task[]> {
    if (!administers(actor, communityId)) throw DispatchErrors.taskNotFound();
    return this.uow
      .repository(Task)
      .createQueryBuilder('t')
      .where('t.communityId = :communityId', { communityId })
      .andWhere(ESCALATED)
      .orderBy('t.startsAt')
      .addOrderBy('t.id')
      .take(200)
      .getMany();
  }

  /** Escalated tasks at the courtyards of the party groups the actor leads or deputises. */
  async escalations(actor: Actor): Promise<Task[]> {
    const groups = partyGroupIdsOf(actor);
    if (groups.length === 0) return [];
    return this.uow
      .repository(Task)
      .createQueryBuilder('t')
      .where(
        't.courtyardId IN (SELECT pg.courtyard_id FROM party_group pg WHERE pg.id = ANY(:groups))',
        { groups },
      )
      .andWhere(ESCALATED)
      .orderBy('t.startsAt')
      .addOrderBy('t.id')
      .take(200)
      .getMany();
  }

  private async ofAdministeredTasks<T extends TaskOffer | Assignment>(
    actor: Actor,
    entity: new () => T,
    taskIds: readonly string[],
    newest: 'offeredAt' | 'acceptedAt',
  ): Promise<T[]> {
    if (taskIds.length === 0) return [];
    const query = this.uow
      .repository(entity)
      .createQueryBuilder('x')
      .innerJoin(Task, 't', 't.id = x.taskId')
      .where('x.taskId IN (:...taskIds)', { taskIds });
    if (!isOperator(actor)) {
      query.andWhere('t.communityId = ANY(:communities)', { communities: communityIdsOf(actor) });
    }
    return query.orderBy(`x.${newest}`, 'DESC').addOrderBy('x.id').getMany();
  }
}
