import { multirangeToAvailability, type AvailabilityWindow } from './availability.js';
import type { Gender, Member, MemberKind, PhysicalCondition } from './member.entity.js';

/**
 * A member as services hand it out: everything but the encrypted personal
 * data, which is read separately and only where the actor's scope allows.
 */
export interface MemberView {
  readonly id: string;
  readonly kind: MemberKind;
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: string;
  readonly residenceCommunityId: string | null;
  readonly residenceCourtyardId: string | null;
  readonly unitId: string | null;
  readonly skills: readonly string[];
  readonly availability: readonly AvailabilityWindow[];
  readonly physicalCondition: PhysicalCondition;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function toMemberView(member: Member): MemberView {
  return {
    id: member.id,
    kind: member.kind,
    name: member.name,
    gender: member.gender,
    birthDate: member.birthDate,
    residenceCommunityId: member.residenceCommunityId,
    residenceCourtyardId: member.residenceCourtyardId,
    unitId: member.unitId,
    skills: member.skills,
    availability: multirangeToAvailability(member.availability),
    physicalCondition: member.physicalCondition,
    createdAt: member.createdAt,
    updatedAt: member.updatedAt,
  };
}

/** Phone and ID number as one actor may see them: in clear, or masked (`138****5678`). */
export interface PersonalData {
  readonly phone: string;
  readonly idNumber: string;
  readonly masked: boolean;
}
