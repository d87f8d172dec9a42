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
import { mapConstraintViolations, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { Notifier } from '#domain/notifications';
import { OrganisationQueries } from '#domain/organisation';
import { availabilityToMultirange, type AvailabilityWindow } from './availability.js';
import { parseIdNumber } from './id-number.js';
import { memberWelcomeKey } from './member-jobs.js';
import { MemberDirectory } from './member-directory.service.js';
import { assertPlaceExists } from './member-places.js';
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

/**
 * Registers and maintains party members. A committee registers its resident
 * members; a unit's HR registers the unit's seconded members; operators may
 * do both. Changes are the {@link MemberProfileService}'s, reads the
 * {@link MemberDirectory}'s.
 */
@Injectable()
export class MembersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditLog,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly directory: MemberDirectory,
    private readonly organisation: OrganisationQueries,
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
          await assertPlaceExists(this.organisation, residenceCommunityId, residenceCourtyardId);
          if (unitId && (await this.organisation.unitsByIds([unitId])).length === 0) {
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
          await this.notifier.notify({
            template: 'MEMBER_WELCOME',
            recipient: { memberId: member.id },
            subjectId: member.id,
            key: memberWelcomeKey(member.id),
          });
          return this.directory.member(actor, member.id, revealing);
        }),
      {
        unique: MemberErrors.alreadyRegistered,
      },
    );
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
}
