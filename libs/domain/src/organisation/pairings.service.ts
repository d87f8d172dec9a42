import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Clock, type Actor } from '#core';
import { mapConstraintViolations, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { CommunityAccess } from './community-access.js';
import { OrganisationErrors } from './organisation.errors.js';
import { Unit } from './unit.entity.js';
import { UnitCommunityPairing } from './unit-community-pairing.entity.js';

/**
 * Work done under a pairing that keeps it from ending, as the feature that
 * owns that work judges it (its tables are its own). Called inside
 * endPairing's unit of work with the pairing locked; throws the domain error
 * that says what must end first.
 */
export interface PairingWork {
  refuseEndWhileInUse(pairing: {
    readonly unitId: string;
    readonly communityId: string;
  }): Promise<void>;
}

/**
 * Unit–community pairings (对口联系): made and ended by the community's
 * committee or an operator, and held by the writes that rely on them.
 */
@Injectable()
export class PairingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly access: CommunityAccess,
  ) {}

  /**
   * Pairs a unit with a community (对口联系); the community's committee or an
   * operator may do it. Pairing again after an end reopens the same row
   * (rotation batches reference it), from now; the audit log keeps each
   * pairing and ending.
   */
  async pairUnit(
    actor: Actor,
    input: { unitId: string; communityId: string },
  ): Promise<UnitCommunityPairing> {
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          await this.access.requireAdministered(actor, input.communityId);
          const unit = await this.uow.repository(Unit).existsBy({ id: input.unitId });
          if (!unit) throw OrganisationErrors.unitNotFound();
          const pairings = this.uow.repository(UnitCommunityPairing);
          const previous = await pairings.findOne({
            where: { unitId: input.unitId, communityId: input.communityId },
            lock: { mode: 'pessimistic_write' },
          });
          if (previous && previous.endedAt === null) throw OrganisationErrors.alreadyPaired();
          // A concurrent first pairing of the same two makes this insert a unique
          // violation, answered as UNIT_ALREADY_PAIRED.
          const pairing = await pairings.save({
            unitId: input.unitId,
            communityId: input.communityId,
            pairedAt: this.clock.now(),
            endedAt: null,
          });
          await this.audit.record(actor, {
            action: 'unit.pair',
            entity: 'UnitCommunityPairing',
            entityId: `${input.unitId}/${input.communityId}`,
          });
          return pairing;
        }),
      { unique: OrganisationErrors.alreadyPaired },
    );
  }

  /**
   * Ends a pairing and keeps it as history; the community's committee or an
   * operator may do it. From then on it grants nothing: the committee no
   * longer sees the unit or its members through it, the unit's HR no longer
   * sees the community, and the unit's members can no longer report in there
   * on its strength.
   *
   * Refused while the pairing still carries work: `work` is the check of the
   * feature that did work under it (secondment's PairingEnd), run once the
   * pairing is locked. It is a parameter, not a provider, so that no caller
   * can end a pairing without it and organisation needs no feature above it.
   */
  async endPairing(
    actor: Actor,
    input: { unitId: string; communityId: string },
    work: PairingWork,
  ): Promise<UnitCommunityPairing> {
    return this.uow.run(async () => {
      await this.access.requireAdministered(actor, input.communityId);
      // The row lock makes concurrent report-ins and batch creations (which
      // hold the pairing FOR SHARE, see holdCurrentPairing) either finish
      // before the work check reads their rows, or wait and see it ended.
      const pairing = await this.uow.repository(UnitCommunityPairing).findOne({
        where: { unitId: input.unitId, communityId: input.communityId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!pairing) throw OrganisationErrors.pairingNotFound();
      if (pairing.endedAt !== null) throw OrganisationErrors.pairingEnded();
      await work.refuseEndWhileInUse(input);
      pairing.endedAt = this.clock.now();
      await this.uow.repository(UnitCommunityPairing).save(pairing);
      await this.audit.record(actor, {
        action: 'unit.end_pairing',
        entity: 'UnitCommunityPairing',
        entityId: `${input.unitId}/${input.communityId}`,
      });
      return pairing;
    });
  }

  /**
   * Whether the unit is currently paired with the community, for a write that
   * relies on the pairing (a report-in, a rotation batch). Inside a unit of
   * work; the row stays locked FOR SHARE until it commits, so a concurrent
   * endPairing waits and then sees that write (and refuses), or has already
   * ended the pairing and this answers false.
   */
  async holdCurrentPairing(unitId: string, communityId: string): Promise<boolean> {
    const pairing = await this.uow.repository(UnitCommunityPairing).findOne({
      where: { unitId, communityId, endedAt: IsNull() },
      lock: { mode: 'pessimistic_read' },
    });
    return pairing !== null;
  }
}
