import { Injectable } from '@nestjs/common';
import {
  Clock,
  CommonErrors,
  isOperator,
  localDate,
  PersonalDataCipher,
  Validate,
  communityIdsOf,
  unitIdsOf,
  type Actor,
} from '#core';
import { mapConstraintViolations, sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { Community, Courtyard, Unit } from '#domain/organisation';
import { Outbox } from '#queue';
import { availabilityToMultirange, type AvailabilityWindow } from './availability.js';
import { parseIdNumber } from './id-number.js';
import { MEMBER_WELCOME_JOB, memberWelcomeKey } from './member-jobs.js';
import { MemberDirectory } from './member-directory.service.js';
import { holdsRecord, visibleMembers } from './member-scope.js';
import type { MemberView, PersonalField } from './member-view.js';
import { Member, type Gender, type MemberKind, type PhysicalCondition } from './member.entity.js';
import { MemberErrors } from './members.errors.js';
import { normalizePhone } from './phone.js';

const NAME = { 'zh-CN': '姓名', en: 'Name' };
const BIRTH_DATE = { 'zh-CN': '出生日期', en: 'Birth date' };
const SKILLS = { 'zh-CN': '技能', en: 'Skills' };
/** Registration dates are read in the Party's home zone; the 18-year rule is a calendar rule. */
const REGISTRATION_TIME_ZONE = 'Asia/Shanghai';

export interface RegisterMemberInput {
  readonly kind: MemberKind;
  readonly name: string;
  /** Derived from the ID number; if given, only checked against it. */
  readonly gender?: Gender | null;
  /** Derived from the ID number; if given, only checked against it. */
  readonly birthDate?: string | null;
  readonly phone: string;
  readonly idNumber: string;
  readonly residenceCommunityId?: string | null;
  readonly residenceCourtyardId?: string | null;
  readonly unitId?: string | null;
  readonly skills?: readonly string[] | null;
  readonly availability?: readonly AvailabilityWindow[] | null;
  readonly physicalCondition?: PhysicalCondition | null;
}

export interface UpdateMemberInput {
  readonly name?: string | null;
  readonly phone?: string | null;
  readonly residenceCourtyardId?: string | null;
  readonly skills?: readonly string[] | null;
  readonly availability?: readonly AvailabilityWindow[] | null;
  readonly physicalCondition?: PhysicalCondition | null;
}

/**
 * Registers and maintains party members. A committee registers its resident
 * members; a unit's HR registers the unit's seconded members; operators may
 * do both; those who hold a member's record may change it. Reads are the
 * {@link MemberDirectory}'s.
 */
@Injectable()
export class MembersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly directory: MemberDirectory,
  ) {}

  /**
   * Registers a member and returns them as the actor sees them, with the
   * personal fields in `revealing` (the read-back of the caller's request).
   */
  async register(
    actor: Actor,
    input: RegisterMemberInput,
    revealing: readonly PersonalField[] = [],
  ): Promise<MemberView> {
    const name = Validate.text('name', NAME, input.name, 64);
    const today = localDate(this.clock.now(), REGISTRATION_TIME_ZONE);
    const id = parseIdNumber(input.idNumber, today);
    // The ID number holds both; a value typed in as well is only a cross-check.
    if (input.birthDate != null) {
      Validate.date('birthDate', BIRTH_DATE, input.birthDate);
      if (input.birthDate !== id.birthDate) throw MemberErrors.birthDateMismatch();
    }
    if (input.gender != null && input.gender !== id.gender) throw MemberErrors.genderMismatch();
    const adultFrom = `${String(Number(today.slice(0, 4)) - 18)}${today.slice(4)}`;
    if (id.birthDate > adultFrom) throw MemberErrors.tooYoung();
    const phone = normalizePhone(input.phone);
    const skills = Validate.tags('skills', SKILLS, input.skills ?? [], 20);
    const availability = availabilityToMultirange(input.availability ?? []);
    const residenceCommunityId = input.residenceCommunityId ?? null;
    const residenceCourtyardId = input.residenceCourtyardId ?? null;
    const unitId = input.unitId ?? null;
    if (input.kind === 'SECONDED' && !unitId) throw MemberErrors.secondedNeedsUnit();
    if (input.kind === 'RESIDENT' && unitId) throw MemberErrors.residentHasNoUnit();
    if (input.kind === 'RESIDENT' && !residenceCommunityId)
      throw MemberErrors.residentNeedsCommunity();
    if (residenceCourtyardId && !residenceCommunityId) throw MemberErrors.courtyardNeedsCommunity();
    this.assertMayRegister(actor, input.kind, residenceCommunityId, unitId);

    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          await this.assertPlaceExists(residenceCommunityId, residenceCourtyardId);
          if (unitId && !(await this.uow.repository(Unit).existsBy({ id: unitId }))) {
            throw MemberErrors.unitNotFound();
          }
          const member = await this.uow.repository(Member).save({
            kind: input.kind,
            name,
            gender: id.gender,
            birthDate: id.birthDate,
            phoneCipher: this.cipher.encrypt(phone),
            phoneHash: this.cipher.hash(phone),
            idNumberCipher: this.cipher.encrypt(id.normalized),
            idNumberHash: this.cipher.hash(id.normalized),
            residenceCommunityId,
            residenceCourtyardId,
            unitId,
            skills,
            availability,
            physicalCondition: input.physicalCondition ?? 'GOOD',
          });
          await this.audit.record(actor, {
            action: 'member.register',
            entity: 'Member',
            entityId: member.id,
          });
          await this.outbox.enqueue('notifications', MEMBER_WELCOME_JOB, {
            memberId: member.id,
            idempotencyKey: memberWelcomeKey(member.id),
          });
          return this.directory.member(actor, member.id, revealing);
        }),
      {
        unique: MemberErrors.alreadyRegistered,
      },
    );
  }

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
          await this.assertPlaceExists(member.residenceCommunityId, input.residenceCourtyardId);
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

  /** A committee registers its residents, unit HR its seconded members, operators anyone. */
  private assertMayRegister(
    actor: Actor,
    kind: MemberKind,
    residenceCommunityId: string | null,
    unitId: string | null,
  ): void {
    if (isOperator(actor)) return;
    const allowed =
      (kind === 'RESIDENT' &&
        residenceCommunityId !== null &&
        communityIdsOf(actor).includes(residenceCommunityId)) ||
      (kind === 'SECONDED' && unitId !== null && unitIdsOf(actor).includes(unitId));
    if (!allowed) throw CommonErrors.forbidden();
  }

  private async assertPlaceExists(
    communityId: string | null,
    courtyardId: string | null,
  ): Promise<void> {
    if (communityId && !(await this.uow.repository(Community).existsBy({ id: communityId }))) {
      throw MemberErrors.communityNotFound();
    }
    if (courtyardId) {
      const courtyard = await this.uow.repository(Courtyard).findOneBy({ id: courtyardId });
      if (!courtyard || courtyard.communityId !== communityId)
        throw MemberErrors.courtyardNotInCommunity();
    }
  }
}
