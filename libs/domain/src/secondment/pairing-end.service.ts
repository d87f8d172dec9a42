import { Injectable } from '@nestjs/common';
import type { Actor } from '#core';
import { sql, UnitOfWork } from '#database';
import { MemberRecords, ruleCheck } from '#domain/members';
import { PairingsService, type PairingWork, type UnitCommunityPairing } from '#domain/organisation';
import { SecondmentErrors } from './secondment.errors.js';

/** The rule weighs every member serving through the pairing, whether the actor sees them or not. */
const SERVES_THROUGH_PAIRING = ruleCheck('a pairing ends only when none serves through it');

/**
 * Ending a unit–community pairing (对口联系): organisation ends it, and this
 * feature, which owns the work done under it, says whether it may.
 *
 * Refused while the pairing still carries work, so that nobody is left
 * stranded in a community that can no longer see them: an OPEN rotation
 * batch agreed under it (end the batch first, which ends its secondments),
 * or a member of the unit serving or waiting to serve in the community (the
 * unit ends or transfers them first, with the approval seed 004 requires). A
 * member who lives in the community serves there by residence, not through
 * the pairing, so they do not hold it open.
 */
@Injectable()
export class PairingEndService implements PairingWork {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly pairings: PairingsService,
    private readonly members: MemberRecords,
  ) {}

  async endPairing(
    actor: Actor,
    input: { unitId: string; communityId: string },
  ): Promise<UnitCommunityPairing> {
    return this.pairings.endPairing(actor, input, this);
  }

  async refuseEndWhileInUse(pairing: { unitId: string; communityId: string }): Promise<void> {
    const [use] = await this.uow.query<{ batches: boolean; memberIds: string[] }>(
      sql`SELECT EXISTS (SELECT 1 FROM rotation_batch b
                          WHERE b.lead_unit_id = ${pairing.unitId} AND b.community_id = ${pairing.communityId}
                            AND b.status = 'OPEN') AS batches,
                 ARRAY(SELECT s.member_id FROM secondment s
                        WHERE s.unit_id = ${pairing.unitId} AND s.community_id = ${pairing.communityId}
                          AND s.status IN ('REQUESTED', 'UNIT_APPROVED', 'ACTIVE')) AS "memberIds"`,
    );
    if (use?.batches) throw SecondmentErrors.pairingHasOpenBatches();
    if (!use || use.memberIds.length === 0) return;
    const members = await this.members.byIds(SERVES_THROUGH_PAIRING, use.memberIds);
    if (members.some((m) => m.residenceCommunityId !== pairing.communityId)) {
      throw SecondmentErrors.pairingHasSecondments();
    }
  }
}
