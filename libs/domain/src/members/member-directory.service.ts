import { Injectable } from '@nestjs/common';
import { PersonalDataCipher, Validate, type Actor, type Page, type PageRequest } from '#core';
import { joinSql, rawSql, sql, UnitOfWork, type Sql } from '#database';
import { AuditLog } from '#domain/audit';
import { personalAccessColumns, visibleMembers } from './member-scope.js';
import {
  toMemberView,
  type MemberRow,
  type MemberView,
  type PersonalField,
} from './member-view.js';
import type { MemberKind } from './member.entity.js';
import { MemberErrors } from './members.errors.js';
import { normalizePhone } from './phone.js';

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
 * the record, the courtyard's name, what this actor may see of the personal
 * data, and the encrypted fields the reader asked for (only those: nothing
 * else is parsed or decrypted).
 */
function columns(actor: Actor, revealing: readonly PersonalField[]): Sql {
  const ciphers = [
    ...(revealing.includes('phone') ? ['m.phone_cipher'] : []),
    ...(revealing.includes('idNumber') ? ['m.id_number_cipher'] : []),
  ];
  return sql`m.id, m.kind, m.name, m.gender, m.birth_date::text AS birth_date,
    m.residence_community_id, m.residence_courtyard_id, y.name AS courtyard_name,
    y.kind AS courtyard_kind, m.unit_id, array_to_json(m.skills)::text AS skills,
    m.availability::text AS availability, m.physical_condition,
    m.created_at::text AS created_at, m.updated_at::text AS updated_at, ${personalAccessColumns(actor)}
    ${rawSql(ciphers.map((column) => `, ${column}`).join(''))}`;
}

/** The rows a member read draws on: the member and the courtyard they live in. */
const MEMBERS = rawSql('member m LEFT JOIN courtyard y ON y.id = m.residence_courtyard_id');

/** People are listed in pinyin order (ICU's zh collation), namesakes by id. */
const PINYIN_ORDER = rawSql('m.name COLLATE "zh-x-icu", m.id');

/** The audit line of a clear read of someone's phone or ID number. */
const READ_EVENT = { action: 'member.personal_data.read', entity: 'Member' };

/**
 * Reads party members within the actor's scope: single members, filtered and
 * searched lists, nested pages per community or unit. Each read is one
 * statement that applies the scope rules and, for the personal fields the
 * reader asks for (`revealing`), decides clear or masked and writes the
 * audit line of every clear read away from home — in that same statement,
 * so the read and its audit cannot part. Nothing is decrypted unasked.
 */
@Injectable()
export class MemberDirectory {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditLog,
  ) {}

  async member(
    actor: Actor,
    id: string,
    revealing: readonly PersonalField[] = [],
  ): Promise<MemberView> {
    const [member] = await this.membersByIds(actor, [id], revealing);
    if (!member) throw MemberErrors.notFound();
    return member;
  }

  /** The visible members among `ids` (for nested member objects), in no particular order. */
  async membersByIds(
    actor: Actor,
    ids: readonly string[],
    revealing: readonly PersonalField[] = [],
  ): Promise<MemberView[]> {
    const rows = await this.read<MemberRow>(
      actor,
      revealing,
      sql`SELECT ${columns(actor, revealing)} FROM ${MEMBERS}
           WHERE m.id = ANY(${ids}) AND ${visibleMembers(actor)}`,
    );
    return rows.map((row) => toMemberView(row, this.cipher));
  }

  /**
   * A page of visible members, filtered and searched, in pinyin order.
   * `withTotal` adds the count of all matches, which costs a scan of them:
   * callers ask for it only when a client wants it.
   */
  async members(
    actor: Actor,
    filter: MemberFilter,
    page: PageRequest,
    options: { withTotal: boolean; revealing: readonly PersonalField[] },
  ): Promise<MemberPage> {
    const where = sql`${visibleMembers(actor)} AND ${joinSql(this.conditions(filter), ' AND ', 'TRUE')}`;
    // The total as a subquery run once, not count(*) OVER (): a window count
    // makes PostgreSQL read every match before the first row of the page,
    // where the page alone can stop after `first` rows in pinyin order.
    const total = options.withTotal
      ? sql`, (SELECT count(*) FROM member m WHERE ${where}) AS total`
      : rawSql('');
    const rows = await this.read<MemberRow & { total?: string }>(
      actor,
      options.revealing,
      sql`SELECT ${columns(actor, options.revealing)}${total} FROM ${MEMBERS} WHERE ${where}
           ORDER BY ${PINYIN_ORDER} LIMIT ${page.first} OFFSET ${page.offset}`,
      rawSql('found.name COLLATE "zh-x-icu", found.id'),
    );
    const items = rows.map((row) => toMemberView(row, this.cipher));
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
    revealing: readonly PersonalField[] = [],
  ): Promise<Map<string, Page<MemberView>>> {
    const column = PARENT_COLUMN[parent];
    const rows = await this.read<MemberRow & { parent_id: string; total: string }>(
      actor,
      revealing,
      sql`SELECT * FROM (
            SELECT ${columns(actor, revealing)}, ${column} AS parent_id,
                   row_number() OVER (PARTITION BY ${column} ORDER BY ${PINYIN_ORDER}) AS rn,
                   count(*) OVER (PARTITION BY ${column}) AS total
              FROM ${MEMBERS}
             WHERE ${column} = ANY(${parentIds}) AND ${visibleMembers(actor)}) AS ranked
          WHERE rn > ${page.offset} AND rn <= ${page.offset + page.first}
          ORDER BY rn`,
      rawSql('found.rn'),
    );
    const pages = new Map<string, { items: MemberView[]; totalCount: number }>(
      parentIds.map((id) => [id, { items: [], totalCount: 0 }]),
    );
    for (const row of rows) {
      const current = pages.get(row.parent_id);
      if (!current) continue;
      current.items.push(toMemberView(row, this.cipher));
      current.totalCount = Number(row.total);
    }
    return pages;
  }

  /**
   * Runs a member read. When personal fields are asked for, the statement
   * also writes the audit line of each member whose asked-for data this actor
   * reads in clear away from home (a data-modifying CTE), and `order` restores
   * the read's row order.
   */
  private read<Row>(
    actor: Actor,
    revealing: readonly PersonalField[],
    found: Sql,
    order?: Sql,
  ): Promise<Row[]> {
    if (revealing.length === 0) return this.uow.query<Row>(found);
    // Whoever reads the ID number in clear reads the phone in clear too.
    const clear = rawSql(revealing.includes('phone') ? 'clear_phone' : 'clear_id');
    const audited = sql`SELECT id FROM found WHERE ${clear} AND NOT at_home`;
    return this.uow.query<Row>(
      sql`WITH found AS (${found}), written AS (${this.audit.insertFor(actor, READ_EVENT, audited)})
          SELECT * FROM found ${order ? sql`ORDER BY ${order}` : rawSql('')}`,
    );
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
