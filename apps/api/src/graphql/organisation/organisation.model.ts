import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { CourtyardKind, UnitKind } from '#domain/organisation';
import { CourtyardKindEnum, UnitKindEnum } from '../common/enums.js';
import { Paginated } from '../common/paginated.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('Community', { description: '社区: a residential community and its party committee.' })
export class CommunityModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'IANA time zone for working days, months and service windows.' })
  timeZone!: string;

  @Field(() => Int, { description: 'Active seconded members re-report at this interval.' })
  reReportIntervalMonths!: number;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType('Courtyard', {
  description: '小区/院落/楼栋: the unit of locality inside a community.',
})
export class CourtyardModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field()
  name!: string;

  @Field(() => CourtyardKindEnum)
  kind!: CourtyardKind;
}

@ObjectType('Unit', { description: '单位: a work unit that seconds party members to communities.' })
export class UnitModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  name!: string;

  @Field(() => UnitKindEnum)
  kind!: UnitKind;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType('UnitCommunityPairing')
export class PairingModel {
  @Field(() => UuidScalar)
  unitId!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => GraphQLISODateTime)
  pairedAt!: Date;
}

export const CommunityPage = Paginated(CommunityModel, 'CommunityPage');
export const UnitPage = Paginated(UnitModel, 'UnitPage');
