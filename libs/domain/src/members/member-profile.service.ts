import { Injectable } from '@nestjs/common';
import { Clock, CommonErrors, PersonalDataCipher, Validate, type Actor } from '#core';
import { sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { OrganisationQueries } from '#domain/organisation';
import { availabilityToMultirange, type AvailabilityWindow } from './availability.js';
import { MemberDirectory } from './member-directory.service.js';
import { assertPlaceExists } from './member-places.js';
import { holdsRecord, visibleMembers } from './member-scope.js';
import type { MemberView, PersonalField } from './member-view.js';
import { Member, type PhysicalCondition } from './member.entity.js';
import { MemberErrors } from './members.errors.js';
import { normalizePhone } from './phone.js';

const NAME = { 'zh-CN': '姓名', en: 'Name' };
const SKILLS = { 'zh-CN': '技能', en: 'Skills' };

export interface UpdateMemberInput {
  readonly name?: string | null;
  readonly phone?: string | null;
  readonly residenceCourtyardId?: string | null;
  readonly skills?: readonly string[] | null;
  readonly availability?: readonly AvailabilityWindow[] | null;
  readonly physicalCondition?: PhysicalCondition | null;
}

/**
 * Changes to a member's record, by those who hold it (the home committee,
 * the unit, the member themself): others who see the member (a group
 * leader, a committee they serve) may not change it.
 */
@Injectable()
export class MemberProfileService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly directory: MemberDirectory,
    private readonly organisation: OrganisationQueries,
  ) {}

  async update(
    actor: Actor,
    memberId: string,
    input: UpdateMemberInput,
    revealing: readonly PersonalField[] = [],
  ): Promise<MemberView> {
    const changes: Partial<Member> = {};
    if (input.name != null) changes.name = Validate.text('name', NAME, input.name, 64);
    if (input.phone != null) {
      const phone = normalizePhone(input.phone);
      changes.phoneCipher = this.cipher.encrypt(phone);
      changes.phoneHash = this.cipher.hash(phone);
    }
    if (input.skills != null) changes.skills = Validate.tags('skills', SKILLS, input.skills, 20);
    if (input.availability != null)
      changes.availability = availabilityToMultirange(input.availability);
    if (input.physicalCondition != null) changes.physicalCondition = input.physicalCondition;

    return this.uow.run(async () => {
      const [member] = await this.uow.query<{
        id: string;
        residenceCommunityId: string | null;
        holds: boolean;
      }>(sql`SELECT m.id, m.residence_community_id AS "residenceCommunityId",
                    (${holdsRecord(actor)}) AS holds
               FROM member m WHERE m.id = ${memberId} AND ${visibleMembers(actor)}
                FOR UPDATE`);
      if (!member) throw MemberErrors.notFound();
      // Others who see the member (a group leader, a committee they serve) may not change the record.
      if (!member.holds) throw CommonErrors.forbidden();
      if (input.residenceCourtyardId !== undefined) {
        if (input.residenceCourtyardId !== null) {
          await assertPlaceExists(
            this.organisation,
            member.residenceCommunityId,
            input.residenceCourtyardId,
          );
        }
        changes.residenceCourtyardId = input.residenceCourtyardId;
      }
      await this.uow
        .repository(Member)
        .update({ id: member.id }, { ...changes, updatedAt: this.clock.now() });
      await this.audit.record(actor, {
        action: 'member.update',
        entity: 'Member',
        entityId: member.id,
      });
      return this.directory.member(actor, member.id, revealing);
    });
  }
}
