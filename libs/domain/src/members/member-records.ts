import { Injectable } from '@nestjs/common';
import { PersonalDataCipher, type Actor } from '#core';
import { rawSql, sql, UnitOfWork, type Sql } from '#database';
import { visibleMembers } from './member-scope.js';
import type { MemberKind, PhysicalCondition } from './member.entity.js';

/**
 * What other features may know of a member to apply their own rules: where
 * they live, which unit holds them, their skills and health. No personal
 * data: phone and ID number are read only through MemberDirectory, which
 * masks and audits.
 */
export interface MemberFacts {
  readonly id: string;
  readonly kind: MemberKind;
  readonly name: string;
  readonly residenceCommunityId: string | null;
  readonly residenceCourtyardId: string | null;
  readonly unitId: string | null;
  readonly skills: readonly string[];
  readonly physicalCondition: PhysicalCondition;
}

/**
 * A rule of another feature that must see a member whoever asks (a group
 * leader adding someone to their group must learn that the person does not
 * serve in the group's community, though they cannot see that person yet).
 * Made by {@link ruleCheck}, so every read beyond the actor's scope says why.
 */
export interface RuleCheck {
  readonly rule: string;
}

export function ruleCheck(rule: string): RuleCheck {
  return { rule };
}

/**
 * On whose behalf member rows are read: an actor, who sees the members
 * visibleMembers gives them, or a named rule check. Every read of the member
 * table by another feature takes one, so a read without scope does not
 * compile.
 */
export type MemberScope = Actor | RuleCheck;

const isRuleCheck = (scope: MemberScope): scope is RuleCheck => 'rule' in scope;

const FACTS = rawSql(`m.id, m.kind, m.name, m.residence_community_id AS "residenceCommunityId",
  m.residence_courtyard_id AS "residenceCourtyardId", m.unit_id AS "unitId", m.skills,
  m.physical_condition AS "physicalCondition"`);

/** The member table, as other features read it: facts only, always in a scope. */
@Injectable()
export class MemberRecords {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** The members among `ids` the scope covers, in no particular order. */
  async byIds(scope: MemberScope, ids: readonly string[]): Promise<MemberFacts[]> {
    return this.uow.query<MemberFacts>(
      sql`SELECT ${FACTS} FROM member m WHERE m.id = ANY(${ids}) AND ${this.where(scope)}`,
    );
  }

  async byId(scope: MemberScope, id: string): Promise<MemberFacts | null> {
    const [member] = await this.byIds(scope, [id]);
    return member ?? null;
  }

  /** Seconded members of a unit serving in a community now (ACTIVE there), by name. */
  async servingFor(
    scope: MemberScope,
    place: { readonly unitId: string; readonly communityId: string },
  ): Promise<MemberFacts[]> {
    return this.uow.query<MemberFacts>(
      sql`SELECT ${FACTS} FROM member m
           WHERE EXISTS (SELECT 1 FROM secondment s WHERE s.member_id = m.id AND s.status = 'ACTIVE'
                           AND s.unit_id = ${place.unitId} AND s.community_id = ${place.communityId})
             AND ${this.where(scope)}
           ORDER BY m.name, m.id`,
    );
  }

  /**
   * Members with the phone to reach them on, decrypted, for messages the
   * system sends on its own (a welcome SMS, a call-up's batch), in no
   * particular order; ids that name nobody are left out. Only for a named
   * rule: actors read phones through MemberDirectory, which masks and
   * audits. The phone goes to the gateway and nowhere else (no log, no job,
   * no error).
   */
  async contacts(
    check: RuleCheck,
    ids: readonly string[],
  ): Promise<(MemberFacts & { readonly phone: string })[]> {
    const members = await this.uow.query<MemberFacts & { phoneCipher: Buffer }>(
      sql`SELECT ${FACTS}, m.phone_cipher AS "phoneCipher" FROM member m
           WHERE m.id = ANY(${ids}::uuid[]) AND ${this.where(check)}`,
    );
    return members.map(({ phoneCipher, ...facts }) => ({
      ...facts,
      phone: this.cipher.decrypt(phoneCipher),
    }));
  }

  private where(scope: MemberScope): Sql {
    return isRuleCheck(scope) ? rawSql('TRUE') : visibleMembers(scope);
  }
}
