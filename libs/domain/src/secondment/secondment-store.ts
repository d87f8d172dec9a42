import { Injectable } from '@nestjs/common';
import { Clock, memberIdsOf, unitIdsOf, isOperator, type Actor } from '#core';
import { mapConstraintViolations, toCondition, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import type { MemberFacts } from '#domain/members';
import { SecondmentErrors } from './secondment.errors.js';
import { visibleSecondments } from './secondment-scope.js';
import { Secondment, type SecondmentStatus } from './secondment.entity.js';

/** The one in-flight request per member and the one active secondment are unique indexes. */
export const PENDING: SecondmentStatus[] = ['REQUESTED', 'UNIT_APPROVED'];

/** A seconded member as report-ins need them: held by a unit. */
export type SecondedMember = MemberFacts & { unitId: string };

export function isHrOf(actor: Actor, unitId: string): boolean {
  return isOperator(actor) || unitIdsOf(actor).includes(unitId);
}

export function isSelf(actor: Actor, memberId: string): boolean {
  return memberIdsOf(actor).includes(memberId);
}

/** Refuses a step the secondment's status does not allow. */
export function expectStatus(
  secondment: Secondment,
  allowed: SecondmentStatus[],
  action: { 'zh-CN': string; en: string },
): void {
  if (!allowed.includes(secondment.status)) {
    throw SecondmentErrors.wrongState(secondment.status, action);
  }
}

/**
 * The secondment table, as the feature's use cases read and write it. Reads
 * of secondments an actor asked for take the actor, so they cannot be
 * written without the scope (visibleSecondments).
 */
@Injectable()
export class SecondmentStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** A query of the secondments the actor may see, aliased `s`. */
  scoped(actor: Actor) {
    const scope = toCondition(visibleSecondments(actor));
    return this.uow.repository(Secondment).createQueryBuilder('s').where(scope.where, scope.params);
  }

  /** The member's ACTIVE secondment, if any (there is at most one). */
  async activeOf(memberId: string): Promise<Secondment | null> {
    return this.uow.repository(Secondment).findOneBy({ memberId, status: 'ACTIVE' });
  }

  async isServingIn(memberId: string, communityId: string): Promise<boolean> {
    return this.uow.repository(Secondment).existsBy({ memberId, communityId, status: 'ACTIVE' });
  }

  /**
   * Changes one secondment the actor may see, in a transaction: locks it,
   * applies the step, saves it and writes the audit line.
   */
  async transition(
    actor: Actor,
    id: string,
    action: string,
    apply: (secondment: Secondment) => Promise<void>,
  ): Promise<Secondment> {
    return this.guarded(() =>
      this.uow.run(async () => {
        const found = await this.scoped(actor)
          .setLock('pessimistic_write')
          .andWhere('s.id = :id', { id })
          .getOne();
        if (!found) throw SecondmentErrors.notFound();
        await apply(found);
        const saved = await this.uow.repository(Secondment).save(found);
        await this.audit.record(actor, { action, entity: 'Secondment', entityId: saved.id });
        return saved;
      }),
    );
  }

  /** Files a report-in for a member, with its audit line. */
  async open(
    actor: Actor,
    member: SecondedMember,
    communityId: string,
    options: {
      channel: Secondment['channel'];
      batchId?: string | null;
      transferFromId?: string;
      unitApproved?: boolean;
    },
  ): Promise<Secondment> {
    const now = this.clock.now();
    const secondment = await this.uow.repository(Secondment).save({
      memberId: member.id,
      unitId: member.unitId,
      communityId,
      channel: options.channel,
      batchId: options.batchId ?? null,
      transferFromId: options.transferFromId ?? null,
      status: options.unitApproved ? 'UNIT_APPROVED' : 'REQUESTED',
      requestedAt: now,
      unitApprovedAt: options.unitApproved ? now : null,
    });
    await this.audit.record(actor, {
      action: `secondment.${options.channel.toLowerCase()}_report_in`,
      entity: 'Secondment',
      entityId: secondment.id,
    });
    return secondment;
  }

  /**
   * The unique indexes decide races the checks before a write cannot see
   * (two report-ins of one member at the same moment): their violation
   * becomes the same typed error the check would have given.
   */
  guarded<T>(work: () => Promise<T>): Promise<T> {
    return mapConstraintViolations(work, {
      byName: {
        secondment_one_pending: SecondmentErrors.pending,
        secondment_one_active: SecondmentErrors.alreadyActive,
      },
    });
  }
}
