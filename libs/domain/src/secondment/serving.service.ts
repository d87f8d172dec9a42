import { Injectable } from '@nestjs/common';
import { Clock, CommonErrors, type Actor } from '#core';
import { administers, OrganisationErrors, OrganisationQueries } from '#domain/organisation';
import { nextReReportDue } from './re-report.js';
import type { Secondment } from './secondment.entity.js';
import { expectStatus, isHrOf, isSelf, PENDING, SecondmentStore } from './secondment-store.js';

/**
 * A secondment after acceptance: the committee records the member's periodic
 * re-reports, and the secondment ends (with the unit's approval, since
 * leaving volunteer status needs it) or a pending one is withdrawn.
 */
@Injectable()
export class ServingService {
  constructor(
    private readonly clock: Clock,
    private readonly organisation: OrganisationQueries,
    private readonly store: SecondmentStore,
  ) {}

  /**
   * Ends a secondment. An active one ends only with the unit's approval
   * (leaving volunteer status needs it); a pending one may also be withdrawn
   * by the member.
   */
  async end(actor: Actor, id: string): Promise<Secondment> {
    return this.store.transition(actor, id, 'secondment.end', (s) => {
      if (s.status === 'ACTIVE') {
        if (!isHrOf(actor, s.unitId)) throw CommonErrors.forbidden();
        s.endReason = 'LEFT';
      } else if (PENDING.includes(s.status)) {
        if (!isHrOf(actor, s.unitId) && !isSelf(actor, s.memberId)) {
          throw CommonErrors.forbidden();
        }
        s.endReason = 'WITHDRAWN';
      } else {
        expectStatus(s, ['ACTIVE', ...PENDING], { 'zh-CN': '结束', en: 'ended' });
      }
      s.status = 'ENDED';
      s.endedAt = this.clock.now();
      return Promise.resolve();
    });
  }

  /** The committee records a member's periodic re-report; the next one falls due an interval later. */
  async recordReReport(actor: Actor, id: string): Promise<Secondment> {
    return this.store.transition(actor, id, 'secondment.re_report', async (s) => {
      if (!administers(actor, s.communityId)) throw CommonErrors.forbidden();
      expectStatus(s, ['ACTIVE'], { 'zh-CN': '登记复报到', en: 're-reported' });
      const [community] = await this.organisation.communitiesByIds([s.communityId]);
      if (!community) throw OrganisationErrors.communityNotFound();
      const now = this.clock.now();
      s.lastReportedAt = now;
      s.reportDueOn = nextReReportDue(now, community);
    });
  }
}
