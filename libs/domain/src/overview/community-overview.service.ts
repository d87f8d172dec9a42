import { Injectable } from '@nestjs/common';
import { Clock, CommonErrors, type Actor } from '#core';
import { sql, UnitOfWork } from '#database';
import type { BranchStatus, TeamKind } from '#domain/branches';
import { overdueSql } from '#domain/secondment';
import { administers, OrganisationErrors, type CourtyardKind } from '#domain/organisation';

export interface OverviewPerson {
  readonly memberId: string;
  readonly name: string;
}

export interface OverviewGroup {
  readonly id: string;
  readonly branchId: string;
  readonly name: string;
  readonly courtyardId: string;
  readonly courtyardName: string;
  readonly leader: OverviewPerson | null;
  readonly deputy: OverviewPerson | null;
  readonly memberCount: number;
}

export interface CommunityOverview {
  readonly community: {
    id: string;
    name: string;
    timeZone: string;
    reReportIntervalMonths: number;
  };
  readonly courtyards: { id: string; name: string; kind: CourtyardKind }[];
  readonly branches: {
    id: string;
    name: string;
    status: BranchStatus;
    groups: OverviewGroup[];
  }[];
  readonly teams: {
    id: string;
    name: string;
    kind: TeamKind;
    specialty: string;
    memberCount: number;
  }[];
  readonly residentMembers: number;
  readonly secondedMembers: number;
  readonly overdueReReports: number;
}

interface GroupRow {
  id: string;
  branch_id: string;
  name: string;
  courtyard_id: string;
  courtyard_name: string;
  leader_id: string | null;
  leader_name: string | null;
  deputy_id: string | null;
  deputy_name: string | null;
  member_count: number;
}

const person = (id: string | null, name: string | null): OverviewPerson | null =>
  id && name ? { memberId: id, name } : null;

/**
 * The committee's view of its community in six statements whatever its size:
 * courtyards, branches with their groups and current leaders, teams, member
 * counts and overdue re-reports. Every count is done by PostgreSQL.
 */
@Injectable()
export class CommunityOverviewService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async overview(actor: Actor, communityId: string): Promise<CommunityOverview> {
    if (!administers(actor, communityId)) throw CommonErrors.forbidden();
    const [community] = await this.uow.query<{
      id: string;
      name: string;
      time_zone: string;
      re_report_interval_months: number;
    }>(
      sql`SELECT id, name, time_zone, re_report_interval_months FROM community WHERE id = ${communityId}`,
    );
    if (!community) throw OrganisationErrors.communityNotFound();
    const courtyards = await this.uow.query<{ id: string; name: string; kind: CourtyardKind }>(
      sql`SELECT id, name, kind FROM courtyard WHERE community_id = ${communityId} ORDER BY name`,
    );
    const branches = await this.uow.query<{ id: string; name: string; status: BranchStatus }>(
      sql`SELECT id, name, status FROM temporary_branch WHERE community_id = ${communityId}
        ORDER BY status DESC, starts_on DESC, id`,
    );
    const groups = await this.uow.query<GroupRow>(
      sql`SELECT g.id, g.branch_id, g.name, g.courtyard_id, y.name AS courtyard_name,
              l.id AS leader_id, l.name AS leader_name, d.id AS deputy_id, d.name AS deputy_name,
              (SELECT count(*)::int FROM group_assignment a
                WHERE a.party_group_id = g.id AND a.ended_at IS NULL) AS member_count
         FROM party_group g
         JOIN courtyard y ON y.id = g.courtyard_id
         LEFT JOIN group_assignment la ON la.party_group_id = g.id AND la.role = 'LEADER' AND la.ended_at IS NULL
         LEFT JOIN member l ON l.id = la.member_id
         LEFT JOIN group_assignment da ON da.party_group_id = g.id AND da.role = 'DEPUTY' AND da.ended_at IS NULL
         LEFT JOIN member d ON d.id = da.member_id
        WHERE g.community_id = ${communityId}
        ORDER BY y.name, g.id`,
    );
    const teams = await this.uow.query<{
      id: string;
      name: string;
      kind: TeamKind;
      specialty: string;
      member_count: number;
    }>(
      sql`SELECT t.id, t.name, t.kind, t.specialty,
              (SELECT count(*)::int FROM group_assignment a
                WHERE a.team_id = t.id AND a.ended_at IS NULL) AS member_count
         FROM team t WHERE t.community_id = ${communityId} ORDER BY t.name`,
    );
    const [counts] = await this.uow.query<{ residents: number; seconded: number; overdue: number }>(
      sql`SELECT (SELECT count(*)::int FROM member
                WHERE kind = 'RESIDENT' AND residence_community_id = ${communityId}) AS residents,
              (SELECT count(*)::int FROM secondment
                WHERE community_id = ${communityId} AND status = 'ACTIVE') AS seconded,
              (SELECT count(*)::int FROM secondment s JOIN community c ON c.id = s.community_id
                WHERE s.community_id = ${communityId}
                  AND ${overdueSql('s', 'c.time_zone', this.clock.now())}) AS overdue`,
    );
    return {
      community: {
        id: community.id,
        name: community.name,
        timeZone: community.time_zone,
        reReportIntervalMonths: community.re_report_interval_months,
      },
      courtyards,
      branches: branches.map((branch) => ({
        ...branch,
        groups: groups
          .filter((g) => g.branch_id === branch.id)
          .map((g) => ({
            id: g.id,
            branchId: g.branch_id,
            name: g.name,
            courtyardId: g.courtyard_id,
            courtyardName: g.courtyard_name,
            leader: person(g.leader_id, g.leader_name),
            deputy: person(g.deputy_id, g.deputy_name),
            memberCount: g.member_count,
          })),
      })),
      teams: teams.map(({ member_count, ...t }) => ({ ...t, memberCount: member_count })),
      residentMembers: counts?.residents ?? 0,
      secondedMembers: counts?.seconded ?? 0,
      overdueReReports: counts?.overdue ?? 0,
    };
  }
}
