import { Injectable } from '@nestjs/common';
import { CommonErrors, isOperator, unitIdsOf, Validate, type Actor } from '#core';
import { UnitOfWork } from '#database';
import { MemberRecords } from '#domain/members';
import { administers } from '#domain/organisation';
import { AssignmentsService } from './assignments.service.js';
import { BranchErrors } from './branches.errors.js';
import { BranchesService } from './branches.service.js';
import { proposeSquads, type ProposedSquad } from './squad-proposal.js';
import type { Team } from './team.entity.js';

const SPECIALTY = { 'zh-CN': '专长方向', en: 'Specialty' };

/**
 * Squads (小分队) of a unit's seconded members in a community: a proposal
 * from their specialties, neighbourhood and health, which the committee
 * accepts as it is or edited, creating the squads and their rosters at once.
 */
@Injectable()
export class SquadsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly branches: BranchesService,
    private readonly assignments: AssignmentsService,
    private readonly members: MemberRecords,
  ) {}

  async propose(
    actor: Actor,
    input: { unitId: string; communityId: string; specialties: string[] },
  ): Promise<ProposedSquad[]> {
    // Each specialty may become a squad's specialty, shown to the community.
    const specialties = [
      ...new Set(input.specialties.map((s) => Validate.text('specialties', SPECIALTY, s, 100))),
    ];
    if (specialties.length === 0 || specialties.length > 20) {
      throw BranchErrors.invalidSpecialties();
    }
    const mayPropose =
      administers(actor, input.communityId) ||
      isOperator(actor) ||
      unitIdsOf(actor).includes(input.unitId);
    if (!mayPropose) throw CommonErrors.forbidden();
    const candidates = await this.members.servingFor(actor, input);
    return proposeSquads(candidates, specialties);
  }

  /** Creates the squads (SECONDED_SQUAD teams) and their members in one transaction. */
  async accept(
    actor: Actor,
    input: {
      communityId: string;
      squads: { name: string; specialty: string; memberIds: string[] }[];
    },
  ): Promise<Team[]> {
    if (input.squads.length === 0 || input.squads.length > 20) {
      throw BranchErrors.invalidSpecialties();
    }
    return this.uow.run(async () => {
      const teams: Team[] = [];
      for (const squad of input.squads) {
        const team = await this.branches.createTeam(actor, {
          communityId: input.communityId,
          name: squad.name,
          kind: 'SECONDED_SQUAD',
          specialty: squad.specialty,
        });
        for (const memberId of squad.memberIds) {
          await this.assignments.assign(actor, { memberId, teamId: team.id, role: 'MEMBER' });
        }
        teams.push(team);
      }
      return teams;
    });
  }
}
