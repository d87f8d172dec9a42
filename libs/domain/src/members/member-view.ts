import { multirangeToAvailability, type AvailabilityWindow } from './availability.js';
import type { CourtyardKind } from '#domain/organisation';
import type { Gender, MemberKind, PhysicalCondition } from './member.entity.js';

/**
 * A member's phone and ID number as one read found them: still encrypted,
 * with what the reading actor may see of each. Nothing is decrypted until a
 * field is asked for ({@link MemberDirectory.reveal}), and a clear read that
 * is not at home is audited then.
 */
export interface SealedPersonalData {
  readonly phoneCipher: Buffer;
  readonly idNumberCipher: Buffer;
  readonly clearPhone: boolean;
  readonly clearIdNumber: boolean;
  /** A clear read by this actor leaves an audit line (anyone but the member and their home committee). */
  readonly audited: boolean;
  /** The read that found the member already wrote that line for this request. */
  readonly auditWritten: boolean;
}

/** The courtyard a resident lives in, read with the member (names are not personal data). */
export interface MemberCourtyard {
  readonly id: string;
  readonly communityId: string;
  readonly name: string;
  readonly kind: CourtyardKind;
}

/** A member as services hand it out; personal data stays sealed. */
export interface MemberView {
  readonly id: string;
  readonly kind: MemberKind;
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: string;
  readonly residenceCommunityId: string | null;
  readonly residenceCourtyardId: string | null;
  readonly residenceCourtyard: MemberCourtyard | null;
  readonly unitId: string | null;
  readonly skills: readonly string[];
  readonly availability: readonly AvailabilityWindow[];
  readonly physicalCondition: PhysicalCondition;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly personal: SealedPersonalData;
}

/** What a member read selects (see MEMBER_COLUMNS), as the driver returns it. */
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
  skills: string[];
  availability: string;
  physical_condition: PhysicalCondition;
  created_at: Date;
  updated_at: Date;
  phone_cipher: Buffer;
  id_number_cipher: Buffer;
  clear_id: boolean;
  clear_phone: boolean;
  at_home: boolean;
  audit_written?: boolean;
}

export function toMemberView(row: MemberRow): MemberView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    gender: row.gender,
    birthDate: row.birth_date,
    residenceCommunityId: row.residence_community_id,
    residenceCourtyardId: row.residence_courtyard_id,
    residenceCourtyard:
      row.residence_community_id &&
      row.residence_courtyard_id &&
      row.courtyard_name &&
      row.courtyard_kind
        ? {
            id: row.residence_courtyard_id,
            communityId: row.residence_community_id,
            name: row.courtyard_name,
            kind: row.courtyard_kind,
          }
        : null,
    unitId: row.unit_id,
    skills: row.skills,
    availability: multirangeToAvailability(row.availability),
    physicalCondition: row.physical_condition,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    personal: {
      phoneCipher: row.phone_cipher,
      idNumberCipher: row.id_number_cipher,
      clearPhone: row.clear_phone,
      clearIdNumber: row.clear_id,
      audited: !row.at_home,
      auditWritten: row.audit_written ?? false,
    },
  };
}

/** Which personal field a client asked for. */
export type PersonalField = 'phone' | 'idNumber';
