import type { PersonalDataCipher } from '#core';
import { PgText } from '#database';
import type { CourtyardKind } from '#domain/organisation';
import { multirangeToAvailability, type AvailabilityWindow } from './availability.js';
import { maskIdNumber } from './id-number.js';
import type { Gender, MemberKind, PhysicalCondition } from './member.entity.js';
import { maskPhone } from './phone.js';

/** A personal field a reader may ask for; it is decrypted only then. */
export type PersonalField = 'phone' | 'idNumber';
export const PERSONAL_FIELDS: readonly PersonalField[] = ['phone', 'idNumber'];

/** The courtyard a resident lives in, read with the member (names are not personal data). */
export interface MemberCourtyard {
  readonly id: string;
  readonly communityId: string;
  readonly name: string;
  readonly kind: CourtyardKind;
}

/** What a member read selects, as the driver returns it. */
export interface MemberRow {
  id: string;
  kind: MemberKind;
  name: string;
  gender: Gender;
  birth_date: string;
  residence_community_id: string | null;
  residence_courtyard_id: string | null;
  courtyard_name: string | null;
  courtyard_kind: CourtyardKind | null;
  unit_id: string | null;
  /** The columns below come as text (skills as a JSON array) and are parsed on first read. */
  skills: string;
  availability: string;
  created_at: string;
  updated_at: string;
  physical_condition: PhysicalCondition;
  /** Selected only when the phone is asked for. */
  phone_cipher?: Buffer;
  /** Selected only when the ID number is asked for. */
  id_number_cipher?: Buffer;
  clear_id: boolean;
  clear_phone: boolean;
}

function courtyardOf(row: MemberRow): MemberCourtyard | null {
  const { residence_community_id: communityId, residence_courtyard_id: id } = row;
  if (!communityId || !id || !row.courtyard_name || !row.courtyard_kind) return null;
  return { id, communityId, name: row.courtyard_name, kind: row.courtyard_kind };
}

/**
 * A member as services hand it out, read from a row. `phone` and `idNumber`
 * are present only when the read asked for them, in clear where the reader's
 * scope covers the member and masked (`138****5678`) elsewhere. The fields a
 * list rarely shows (skills, availability, timestamps) are parsed when first
 * read, not for every row.
 */
export class MemberView {
  readonly id: string;
  readonly kind: MemberKind;
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: string;
  readonly residenceCommunityId: string | null;
  readonly residenceCourtyardId: string | null;
  readonly residenceCourtyard: MemberCourtyard | null;
  readonly unitId: string | null;
  readonly physicalCondition: PhysicalCondition;
  readonly phone?: string;
  readonly idNumber?: string;
  readonly #row: MemberRow;
  #skills?: readonly string[];
  #availability?: readonly AvailabilityWindow[];

  constructor(row: MemberRow, personal: { phone?: string; idNumber?: string }) {
    this.#row = row;
    this.id = row.id;
    this.kind = row.kind;
    this.name = row.name;
    this.gender = row.gender;
    this.birthDate = row.birth_date;
    this.residenceCommunityId = row.residence_community_id;
    this.residenceCourtyardId = row.residence_courtyard_id;
    this.residenceCourtyard = courtyardOf(row);
    this.unitId = row.unit_id;
    this.physicalCondition = row.physical_condition;
    if (personal.phone !== undefined) this.phone = personal.phone;
    if (personal.idNumber !== undefined) this.idNumber = personal.idNumber;
  }

  get skills(): readonly string[] {
    return (this.#skills ??= JSON.parse(this.#row.skills) as string[]);
  }

  get availability(): readonly AvailabilityWindow[] {
    return (this.#availability ??= multirangeToAvailability(this.#row.availability));
  }

  get createdAt(): Date {
    return PgText.timestamptz(this.#row.created_at);
  }

  get updatedAt(): Date {
    return PgText.timestamptz(this.#row.updated_at);
  }
}

/** Row → view, decrypting the personal fields that were selected and masking what the reader may not see. */
export function toMemberView(row: MemberRow, cipher: PersonalDataCipher): MemberView {
  const personal: { phone?: string; idNumber?: string } = {};
  if (row.phone_cipher) {
    const phone = cipher.decrypt(row.phone_cipher);
    personal.phone = row.clear_phone ? phone : maskPhone(phone);
  }
  if (row.id_number_cipher) {
    const idNumber = cipher.decrypt(row.id_number_cipher);
    personal.idNumber = row.clear_id ? idNumber : maskIdNumber(idNumber);
  }
  return new MemberView(row, personal);
}
