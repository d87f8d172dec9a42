import { Injectable } from '@nestjs/common';
import { In, type SelectQueryBuilder } from 'typeorm';
import {
  Clock,
  CommonErrors,
  hasRole,
  isOperator,
  localDate,
  PersonalDataCipher,
  Validate,
  communityIdsOf,
  unitIdsOf,
  type Actor,
  type Page,
  type PageRequest,
} from '#core';
import { isUniqueViolation, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { Community, Courtyard, Unit } from '#domain/organisation';
import { Outbox } from '#queue';
import { availabilityToMultirange, type AvailabilityWindow } from './availability.js';
import { maskIdNumber, parseIdNumber } from './id-number.js';
import { MEMBER_WELCOME_JOB, memberWelcomeKey } from './member-jobs.js';
import { coversPersonalData, maintains, visibleMembers } from './member-scope.js';
import { toMemberView, type MemberView, type PersonalData } from './member-view.js';
import { Member, type Gender, type MemberKind, type PhysicalCondition } from './member.entity.js';
import { MemberErrors } from './members.errors.js';
import { maskPhone, normalizePhone } from './phone.js';

const NAME = { 'zh-CN': '姓名', en: 'Name' };
const BIRTH_DATE = { 'zh-CN': '出生日期', en: 'Birth date' };
const SKILLS = { 'zh-CN': '技能', en: 'Skills' };
/** Registration dates are read in the Party's home zone; the 18-year rule is a calendar rule. */
const REGISTRATION_TIME_ZONE = 'Asia/Shanghai';

export interface RegisterMemberInput {
  readonly kind: MemberKind;
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: string;
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

export interface MemberFilter {
  readonly kind?: MemberKind | null;
  readonly residenceCommunityId?: string | null;
  readonly unitId?: string | null;
  readonly skill?: string | null;
}

/** The columns nested lists group by: a community's residents, a unit's members. */
export type MemberParent = 'residenceCommunityId' | 'unitId';

const PARENT_COLUMN: Record<MemberParent, string> = {
  residenceCommunityId: 'residence_community_id',
  unitId: 'unit_id',
};

/**
 * Registers and maintains party members. A committee registers its resident
 * members; a unit's HR registers the unit's seconded members; operators may
 * do both. Reads are always filtered by the actor's scope, and phones and ID
 * numbers are decrypted only on request, masked unless the scope covers them.
 */
@Injectable()
export class MembersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async register(actor: Actor, input: RegisterMemberInput): Promise<MemberView> {
    const name = Validate.text('name', NAME, input.name, 64);
    const today = localDate(this.clock.now(), REGISTRATION_TIME_ZONE);
    const id = parseIdNumber(input.idNumber, today);
    Validate.date('birthDate', BIRTH_DATE, input.birthDate);
    if (input.birthDate !== id.birthDate) throw MemberErrors.birthDateMismatch();
    if (input.gender !== id.gender) throw MemberErrors.genderMismatch();
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

    try {
      return await this.uow.run(async () => {
        await this.assertPlaceExists(residenceCommunityId, residenceCourtyardId);
        if (unitId && !(await this.uow.repository(Unit).existsBy({ id: unitId }))) {
          throw MemberErrors.unitNotFound();
        }
        const member = await this.uow.repository(Member).save({
          kind: input.kind,
          name,
          gender: input.gender,
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
        return toMemberView(await this.uow.repository(Member).findOneByOrFail({ id: member.id }));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw MemberErrors.alreadyRegistered();
      throw error;
    }
  }

  async update(actor: Actor, memberId: string, input: UpdateMemberInput): Promise<MemberView> {
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
      const member = await this.scoped(actor)
        .andWhere('m.id = :memberId', { memberId })
        .setLock('pessimistic_write')
        .getOne();
      if (!member) throw MemberErrors.notFound();
      if (!maintains(actor, member)) throw CommonErrors.forbidden();
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
      return toMemberView(await this.uow.repository(Member).findOneByOrFail({ id: member.id }));
    });
  }

  async member(actor: Actor, id: string): Promise<MemberView> {
    const member = await this.scoped(actor).andWhere('m.id = :id', { id }).getOne();
    if (!member) throw MemberErrors.notFound();
    return toMemberView(member);
  }

  async members(actor: Actor, filter: MemberFilter, page: PageRequest): Promise<Page<MemberView>> {
    const query = this.scoped(actor);
    if (filter.kind) query.andWhere('m.kind = :kind', { kind: filter.kind });
    if (filter.residenceCommunityId) {
      query.andWhere('m.residence_community_id = :cid', { cid: filter.residenceCommunityId });
    }
    if (filter.unitId) query.andWhere('m.unit_id = :uid', { uid: filter.unitId });
    if (filter.skill) query.andWhere(':skill = ANY(m.skills)', { skill: filter.skill });
    const [rows, totalCount] = await query
      .orderBy('m.name')
      .addOrderBy('m.id')
      .take(page.first)
      .skip(page.offset)
      .getManyAndCount();
    return { items: rows.map(toMemberView), totalCount };
  }

  /**
   * One page of members for each of many parents (communities or units) in a
   * single statement, for nested lists resolved through a loader.
   */
  async membersOf(
    actor: Actor,
    parent: MemberParent,
    parentIds: readonly string[],
    page: PageRequest,
  ): Promise<Map<string, Page<MemberView>>> {
    const column = PARENT_COLUMN[parent];
    const scope = visibleMembers(actor, 'm');
    // Statement 1 ranks each parent's visible members and keeps the page;
    // statement 2 loads those members. Two statements however many parents.
    const ranked: { id: string; parent_id: string; total: string }[] = await this.uow.manager
      .createQueryBuilder()
      .select(['ranked.id AS id', 'ranked.parent_id AS parent_id', 'ranked.total AS total'])
      .from(
        (sub: SelectQueryBuilder<Member>) =>
          sub
            .select('m.id', 'id')
            .addSelect(`m.${column}`, 'parent_id')
            .addSelect(`row_number() OVER (PARTITION BY m.${column} ORDER BY m.name, m.id)`, 'rn')
            .addSelect(`count(*) OVER (PARTITION BY m.${column})`, 'total')
            .from(Member, 'm')
            .where(`m.${column} = ANY(:parentIds)`, { parentIds })
            .andWhere(scope.where, scope.params),
        'ranked',
      )
      .where('ranked.rn > :from AND ranked.rn <= :to', {
        from: page.offset,
        to: page.offset + page.first,
      })
      .orderBy('ranked.rn')
      .getRawMany();
    const members = ranked.length
      ? await this.uow.repository(Member).findBy({ id: In(ranked.map((r) => r.id)) })
      : [];
    const byId = new Map(members.map((m) => [m.id, toMemberView(m)]));
    const pages = new Map<string, Page<MemberView>>(
      parentIds.map((id) => [id, { items: [], totalCount: 0 }]),
    );
    for (const row of ranked) {
      const view = byId.get(row.id);
      const current = pages.get(row.parent_id);
      if (!view || !current) continue;
      pages.set(row.parent_id, { items: [...current.items, view], totalCount: Number(row.total) });
    }
    return pages;
  }

  /**
   * Phones and ID numbers of the given members, in clear where the actor's
   * scope covers the member and masked elsewhere. Members the actor cannot see
   * are left out. Clear reads by unit HR and operators are audited, one line
   * per member, in one statement.
   */
  async personalData(
    actor: Actor,
    memberIds: readonly string[],
  ): Promise<Map<string, PersonalData>> {
    const members = await this.scoped(actor)
      .andWhere('m.id = ANY(:memberIds)', { memberIds })
      .getMany();
    const result = new Map<string, PersonalData>();
    const audited: string[] = [];
    for (const member of members) {
      const phone = this.cipher.decrypt(member.phoneCipher);
      const idNumber = this.cipher.decrypt(member.idNumberCipher);
      const clear = coversPersonalData(actor, member);
      result.set(
        member.id,
        clear
          ? { phone, idNumber, masked: false }
          : { phone: maskPhone(phone), idNumber: maskIdNumber(idNumber), masked: true },
      );
      if (clear && this.isAuditedReader(actor, member)) audited.push(member.id);
    }
    await this.audit.recordMany(
      actor,
      audited.map((entityId) => ({
        action: 'member.personal_data.read',
        entity: 'Member',
        entityId,
      })),
    );
    return result;
  }

  /** Unit HR and operators read others' personal data at a distance; each such read is audited. */
  private isAuditedReader(actor: Actor, member: Member): boolean {
    return (
      isOperator(actor) ||
      (hasRole(actor, 'UNIT_HR') &&
        member.unitId !== null &&
        unitIdsOf(actor).includes(member.unitId))
    );
  }

  private scoped(actor: Actor): SelectQueryBuilder<Member> {
    const scope = visibleMembers(actor, 'm');
    return this.uow.repository(Member).createQueryBuilder('m').where(scope.where, scope.params);
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
