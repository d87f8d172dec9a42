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

@ObjectType('UnitCommunityPairing', {
  description: '对口联系: a unit paired with a community; an ended pairing is kept as history.',
})
export class PairingModel {
  @Field(() => UuidScalar)
  unitId!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => GraphQLISODateTime, {
    description: 'Start of the current period, or of the last one once ended.',
  })
  pairedAt!: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Set once ended; an ended pairing grants no visibility or report-in.',
  })
  endedAt!: Date | null;
}

export const CommunityPage = Paginated(CommunityModel, 'CommunityPage');
export const UnitPage = Paginated(UnitModel, 'UnitPage');
