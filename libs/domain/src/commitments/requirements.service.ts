import { Injectable } from '@nestjs/common';
import { Clock, CommonErrors, isOperator, unitIdsOf, type Actor } from '#core';
import { mapConstraintViolations, sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { administers } from '#domain/organisation';
import { accountOf } from '#domain/tasks';
import { CommitmentsErrors } from './commitments.errors.js';
import { isTenthsWithin } from './commitments.service.js';
import type { PeriodKind } from './periods.js';

/** Whose requirement: a unit's (its seconded members, wherever they serve) or a community's. */
export interface RequirementOwner {
  readonly unitId?: string | null;
  readonly communityId?: string | null;
}

export interface RequirementInput extends RequirementOwner {
  readonly period: PeriodKind;
  readonly minHours?: number | null;
  readonly minActivities?: number | null;
}

export interface RequirementView {
  readonly id: string;
  readonly unitId: string | null;
  readonly communityId: string | null;
  readonly period: PeriodKind;
  readonly minHours: number | null;
  readonly minActivities: number | null;
  readonly setAt: Date;
  readonly endedAt: Date | null;
}

const VIEW = sql`id, unit_id AS "unitId", community_id AS "communityId", period,
  min_hours::float8 AS "minHours", min_activities AS "minActivities", set_at AS "setAt",
  ended_at AS "endedAt"`;

/** Exactly one owner, and the actor its HR office (a unit), its committee (a community) or an operator. */
export function checkedOwner(actor: Actor, owner: RequirementOwner): RequirementOwner {
  const { unitId = null, communityId = null } = owner;
  if ((unitId === null) === (communityId === null)) throw CommitmentsErrors.owner();
  const allowed = unitId
    ? isOperator(actor) || unitIdsOf(actor).includes(unitId)
    : administers(actor, communityId ?? '');
  if (!allowed) throw CommonErrors.forbidden();
  return { unitId, communityId };
}

/**
 * Requirements (要求) a unit or a community sets for its seconded members:
 * hours, activities or both per month, quarter, half-year or year. One
 * stands per owner; setting another ends it (kept, so a past period is
 * judged by the requirement of its day). Audited: it decides who is
 * reminded and who is listed as behind in the unit's report.
 */
@Injectable()
export class RequirementsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async set(actor: Actor, input: RequirementInput): Promise<RequirementView> {
    const owner = checkedOwner(actor, input);
    const minHours = input.minHours ?? null;
    const minActivities = input.minActivities ?? null;
    if (minHours === null && minActivities === null) throw CommitmentsErrors.nothingRequired();
    if (minHours !== null && !isTenthsWithin(minHours, 0.5, 2000))
      throw CommitmentsErrors.minHours();
    if (
      minActivities !== null &&
      (!Number.isInteger(minActivities) || minActivities < 1 || minActivities > 1000)
    ) {
      throw CommitmentsErrors.minActivities();
    }
    const now = this.clock.now();
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          await this.endStanding(owner, now);
          const [made] = await this.uow.query<RequirementView>(sql`
        INSERT INTO service_requirement (unit_id, community_id, period, min_hours, min_activities,
                                         set_at, set_by)
        VALUES (${owner.unitId}::uuid, ${owner.communityId}::uuid, ${input.period}, ${minHours},
                ${minActivities}, ${now}, ${accountOf(actor)}::uuid)
        RETURNING ${VIEW}`);
          if (!made) throw new Error('insert returned nothing');
          await this.audit.record(actor, {
            action: 'service_requirement.set',
            entity: 'ServiceRequirement',
            entityId: made.id,
          });
          return made;
        }),
      { unique: CommitmentsErrors.changedMeanwhile },
    );
  }

  async clear(actor: Actor, owner: RequirementOwner): Promise<RequirementView> {
    const checked = checkedOwner(actor, owner);
    return this.uow.run(async () => {
      const ended = await this.endStanding(checked, this.clock.now());
      if (!ended) throw CommitmentsErrors.noRequirement();
      await this.audit.record(actor, {
        action: 'service_requirement.clear',
        entity: 'ServiceRequirement',
        entityId: ended.id,
      });
      return ended;
    });
  }

  async standing(actor: Actor, owner: RequirementOwner): Promise<RequirementView | null> {
    const checked = checkedOwner(actor, owner);
    const [standing] = await this.uow.query<RequirementView>(sql`
      SELECT ${VIEW} FROM service_requirement
       WHERE ended_at IS NULL
         AND (unit_id = ${checked.unitId}::uuid OR community_id = ${checked.communityId}::uuid)`);
    return standing ?? null;
  }

  private async endStanding(
    owner: RequirementOwner,
    now: Date,
  ): Promise<RequirementView | undefined> {
    const [ended] = await this.uow.query<RequirementView>(sql`
      UPDATE service_requirement SET ended_at = ${now}
       WHERE ended_at IS NULL
         AND (unit_id = ${owner.unitId ?? null}::uuid OR community_id = ${owner.communityId ?? null}::uuid)
      RETURNING ${VIEW}`);
    return ended;
  }
}
