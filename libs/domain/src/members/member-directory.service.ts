import { Injectable } from '@nestjs/common';
import { PersonalDataCipher, Validate, type Actor, type Page, type PageRequest } from '#core';
import { joinSql, rawSql, sql, UnitOfWork, type Sql } from '#database';
import { AuditLog } from '#domain/audit';
import { maskIdNumber } from './id-number.js';
import { personalAccessColumns, visibleMembers } from './member-scope.js';
import {
  toMemberView,
  type MemberRow,
  type MemberView,
  type PersonalField,
} from './member-view.js';
import type { MemberKind } from './member.entity.js';
import { MemberErrors } from './members.errors.js';
import { maskPhone, normalizePhone } from './phone.js';

/** A page whose total was counted only if asked for (`null`: not counted). */
export interface MemberPage {
  readonly items: readonly MemberView[];
  readonly totalCount: number | null;
}

export interface MemberFilter {
  readonly kind?: MemberKind | null;
  readonly residenceCommunityId?: string | null;
  readonly unitId?: string | null;
  readonly skill?: string | null;
  /** Part of the name, e.g. a surname or a given name. */
  readonly name?: string | null;
  /** The whole phone number, in any form a person types it. */
  readonly phone?: string | null;
}

/** The columns nested lists group by: a community's residents, a unit's members. */
export type MemberParent = 'residenceCommunityId' | 'unitId';
const PARENT_COLUMN: Record<MemberParent, Sql> = {
  residenceCommunityId: rawSql('m.residence_community_id'),
  unitId: rawSql('m.unit_id'),
};

const NAME_QUERY = { 'zh-CN': '姓名', en: 'Name' };

/**
 * Every column a member read returns, in the statement that checks scope:
 * the record, its encrypted personal data (read once, decrypted only when a
 * field asks) and what this actor may see of it.
 */
const columns = (actor: Actor) => sql`m.id, m.kind, m.name, m.gender,
  m.birth_date::text AS birth_date, m.residence_community_id, m.residence_courtyard_id,
  y.name AS courtyard_name, y.kind AS courtyard_kind,
  m.unit_id, m.skills, m.availability::text AS availability, m.physical_condition,
  m.created_at, m.updated_at, m.phone_cipher, m.id_number_cipher, ${personalAccessColumns(actor)}`;

/** The rows a member read draws on: the member and the courtyard they live in. */
const MEMBERS = rawSql('member m LEFT JOIN courtyard y ON y.id = m.residence_courtyard_id');

/** People are listed in pinyin order (ICU's zh collation), namesakes by id. */
const PINYIN_ORDER = rawSql('m.name COLLATE "zh-x-icu", m.id');
const PINYIN_ORDER_OF_PAGE = rawSql('page.name COLLATE "zh-x-icu", page.id');

/** The audit line of a clear read of someone's phone or ID number. */
const READ_EVENT = { action: 'member.personal_data.read', entity: 'Member' };

/**
 * Reads party members within the actor's scope: single members, filtered and
 * searched lists, nested pages per community or unit, and their phones and ID
 * numbers on request. Each read is one statement that applies the scope
 * rules; nothing is read twice and nothing is decrypted unasked.
 */
@Injectable()
export class MemberDirectory {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditLog,
  ) {}

  async member(actor: Actor, id: string): Promise<MemberView> {
    const [member] = await this.membersByIds(actor, [id]);
    if (!member) throw MemberErrors.notFound();
    return member;
  }

  /** The visible members among `ids` (for nested member objects), in no particular order. */
  async membersByIds(actor: Actor, ids: readonly string[]): Promise<MemberView[]> {
    const rows = await this.uow.query<MemberRow>(sql`SELECT ${columns(actor)} FROM ${MEMBERS}
      WHERE m.id = ANY(${ids}) AND ${visibleMembers(actor)}`);
    return rows.map(toMemberView);
  }

  /**
   * A page of visible members, filtered and searched, in pinyin order.
   * `withTotal` adds the count of all matches, which costs a scan of them:
   * callers ask for it only when a client wants it. `revealing` names the
   * personal fields the caller will reveal from this page: their audit lines
   * are written by this same statement, so a list costs one round trip.
   */
  async members(
    actor: Actor,
    filter: MemberFilter,
    page: PageRequest,
    options: { withTotal: boolean; revealing: readonly PersonalField[] },
  ): Promise<MemberPage> {
    const where = sql`${visibleMembers(actor)} AND ${joinSql(this.conditions(filter), ' AND ', 'TRUE')}`;
    const total = options.withTotal ? rawSql(', count(*) OVER () AS total') : rawSql('');
    const found = sql`SELECT ${columns(actor)}${total} FROM ${MEMBERS} WHERE ${where}
                       ORDER BY ${PINYIN_ORDER} LIMIT ${page.first} OFFSET ${page.offset}`;
    const rows = await this.uow.query<MemberRow & { total?: string }>(
      options.revealing.length === 0 ? found : this.auditingReads(actor, found, options.revealing),
    );
    const items = rows.map(toMemberView);
    if (!options.withTotal) return { items, totalCount: null };
    // A page past the end has no row to carry the total: count separately.
    const totalCount =
      rows[0]?.total !== undefined ? Number(rows[0].total) : await this.count(where, page);
    return { items, totalCount };
  }

  /**
   * One page of members for each of many parents (communities or units), in
   * a single statement, for nested lists resolved through a loader.
   */
  async membersOf(
    actor: Actor,
    parent: MemberParent,
    parentIds: readonly string[],
    page: PageRequest,
  ): Promise<Map<string, Page<MemberView>>> {
    const column = PARENT_COLUMN[parent];
    const rows = await this.uow.query<MemberRow & { parent_id: string; total: string }>(
      sql`SELECT * FROM (
            SELECT ${columns(actor)}, ${column} AS parent_id,
                   row_number() OVER (PARTITION BY ${column} ORDER BY ${PINYIN_ORDER}) AS rn,
                   count(*) OVER (PARTITION BY ${column}) AS total
              FROM ${MEMBERS}
             WHERE ${column} = ANY(${parentIds}) AND ${visibleMembers(actor)}) AS ranked
          WHERE rn > ${page.offset} AND rn <= ${page.offset + page.first}
          ORDER BY rn`,
    );
    const pages = new Map<string, { items: MemberView[]; totalCount: number }>(
      parentIds.map((id) => [id, { items: [], totalCount: 0 }]),
    );
    for (const row of rows) {
      const current = pages.get(row.parent_id);
      if (!current) continue;
      current.items.push(toMemberView(row));
      current.totalCount = Number(row.total);
    }
    return pages;
  }

  /**
   * Phones and ID numbers of members read earlier in this request: in clear
   * where the actor's scope covers them, masked elsewhere. Clear reads away
   * from home are audited, one line per member, in one statement for the
   * whole batch.
   */
  async reveal(
    actor: Actor,
    requests: readonly { member: MemberView; field: PersonalField }[],
  ): Promise<string[]> {
    const audited = new Set<string>();
    const values = requests.map(({ member, field }) => {
      const sealed = member.personal;
      const clear = field === 'phone' ? sealed.clearPhone : sealed.clearIdNumber;
      const value = this.cipher.decrypt(
        field === 'phone' ? sealed.phoneCipher : sealed.idNumberCipher,
      );
      if (!clear) return field === 'phone' ? maskPhone(value) : maskIdNumber(value);
      if (sealed.audited && !sealed.auditWritten) audited.add(member.id);
      return value;
    });
    await this.audit.recordMany(
      actor,
      [...audited].map((entityId) => ({ ...READ_EVENT, entityId })),
    );
    return values;
  }

  /**
   * Wraps a member read so that it also writes, in the same statement, the
   * audit line of each member whose asked-for personal data this actor will
   * read in clear away from home; those rows come back marked as audited.
   */
  private auditingReads(actor: Actor, read: Sql, fields: readonly PersonalField[]): Sql {
    const clear = rawSql(fields.includes('phone') ? 'clear_phone' : 'clear_id');
    const audited = sql`${clear} AND NOT at_home`;
    const insert = this.audit.insertFor(
      actor,
      READ_EVENT,
      sql`SELECT id FROM page WHERE ${audited}`,
    );
    return sql`WITH page AS (${read}), written AS (${insert})
               SELECT page.*, ${audited} AS audit_written FROM page ORDER BY ${PINYIN_ORDER_OF_PAGE}`;
  }

  private conditions(filter: MemberFilter): Sql[] {
    const parts: Sql[] = [];
    if (filter.kind) parts.push(sql`m.kind = ${filter.kind}`);
    if (filter.residenceCommunityId) {
      parts.push(sql`m.residence_community_id = ${filter.residenceCommunityId}`);
    }
    if (filter.unitId) parts.push(sql`m.unit_id = ${filter.unitId}`);
    if (filter.skill) parts.push(sql`${filter.skill} = ANY(m.skills)`);
    if (filter.name?.trim()) {
      const name = Validate.text('name', NAME_QUERY, filter.name, 64);
      // The gram index narrows to candidate rows; strpos confirms the substring.
      parts.push(sql`name_grams(m.name) @> name_query_grams(${name})
                     AND strpos(lower(m.name), lower(${name})) > 0`);
    }
    if (filter.phone?.trim()) {
      // Phones are stored encrypted: an exact match goes through the keyed hash.
      parts.push(sql`m.phone_hash = ${this.cipher.hash(normalizePhone(filter.phone))}`);
    }
    return parts;
  }

  private async count(where: Sql, page: PageRequest): Promise<number> {
    if (page.offset === 0) return 0;
    const [row] = await this.uow.query<{ n: string }>(
      sql`SELECT count(*) AS n FROM member m WHERE ${where}`,
    );
    return Number(row?.n ?? 0);
  }
}
