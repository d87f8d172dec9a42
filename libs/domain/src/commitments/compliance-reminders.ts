import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { sql, UnitOfWork } from '#database';
import { Notifier, type ComplianceBehindItem } from '#domain/notifications';
import { ComplianceQueries } from './compliance.js';
import { mondayOf } from './periods.js';

/**
 * The weekly reminder: each member behind pace on a commitment or a
 * requirement is told what they have done and what is asked, and the
 * leader and deputy of each of their party groups get one message naming
 * the group's members behind. Once per member and week, however often the
 * job runs; each check is kept with the numbers it quoted.
 */
@Injectable()
export class ComplianceReminders {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly compliance: ComplianceQueries,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  /** Returns how many members were reminded this time. */
  async remindBehind(): Promise<number> {
    const week = mondayOf(this.compliance.today());
    const byMember = new Map<string, ComplianceBehindItem[]>();
    for (const c of await this.compliance.behindToday()) {
      const items = byMember.get(c.memberId) ?? [];
      items.push({
        kind: c.kind,
        ownerName: c.ownerName,
        periodLabel: c.period.label,
        periodEnd: c.period.end,
        hours: c.hours,
        requiredHours: c.requiredHours,
        activities: c.activities,
        requiredActivities: c.requiredActivities,
      });
      byMember.set(c.memberId, items);
    }
    if (byMember.size === 0) return 0;
    return this.uow.run(async () => {
      const checks = await this.uow.query<{ id: string; memberId: string }>(sql`
        INSERT INTO compliance_check (member_id, week_of, behind, checked_at)
        SELECT b.member_id, ${week}::date, b.behind, ${this.clock.now()}
          FROM unnest(${[...byMember.keys()]}::uuid[], ${[...byMember.values()].map((items) => JSON.stringify(items))}::jsonb[])
               AS b (member_id, behind)
        ON CONFLICT (member_id, week_of) DO NOTHING
        RETURNING id, member_id AS "memberId"`);
      const leaders = await this.uow.query<{ partyGroupId: string; leaderId: string }>(sql`
        SELECT DISTINCT ga.party_group_id AS "partyGroupId", lead.member_id AS "leaderId"
          FROM group_assignment ga
          JOIN group_assignment lead ON lead.party_group_id = ga.party_group_id
           AND lead.role IN ('LEADER', 'DEPUTY') AND lead.ended_at IS NULL
         WHERE ga.member_id = ANY(${checks.map((c) => c.memberId)}::uuid[])
           AND ga.ended_at IS NULL AND ga.party_group_id IS NOT NULL
           AND lead.member_id <> ga.member_id`);
      await this.notifier.notifyMany([
        ...checks.map((check) => ({
          template: 'COMPLIANCE_BEHIND' as const,
          recipient: { memberId: check.memberId },
          subjectId: check.id,
          key: `compliance:${check.memberId}:${week}`,
        })),
        ...leaders.map((lead) => ({
          template: 'GROUP_COMPLIANCE_BEHIND' as const,
          recipient: { memberId: lead.leaderId },
          subjectId: lead.partyGroupId,
          key: `group-compliance:${lead.partyGroupId}:${lead.leaderId}:${week}`,
        })),
      ]);
      return checks.length;
    });
  }
}
