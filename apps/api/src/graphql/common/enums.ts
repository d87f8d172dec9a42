import { registerEnumType } from '@nestjs/graphql';
import { ROLES } from '#core';
import { GENDERS, MEMBER_KINDS, PHYSICAL_CONDITIONS } from '#domain/members';
import { COURTYARD_KINDS, UNIT_KINDS } from '#domain/organisation';

function enumOf<const T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

/** The domain's value lists, exposed as GraphQL enums (unknown values are refused at the edge). */
export const MemberKindEnum = enumOf(MEMBER_KINDS);
export const GenderEnum = enumOf(GENDERS);
export const PhysicalConditionEnum = enumOf(PHYSICAL_CONDITIONS);
export const CourtyardKindEnum = enumOf(COURTYARD_KINDS);
export const UnitKindEnum = enumOf(UNIT_KINDS);
export const RoleEnum = enumOf(ROLES);

registerEnumType(MemberKindEnum, {
  name: 'MemberKind',
  description: 'RESIDENT (居民党员) or SECONDED (下沉党员).',
});
registerEnumType(GenderEnum, { name: 'Gender' });
registerEnumType(PhysicalConditionEnum, {
  name: 'PhysicalCondition',
  description: 'FRAIL members get no heavy or outdoor night duty.',
});
registerEnumType(CourtyardKindEnum, { name: 'CourtyardKind' });
registerEnumType(UnitKindEnum, { name: 'UnitKind' });
registerEnumType(RoleEnum, { name: 'Role' });
