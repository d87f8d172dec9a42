import { Field, InputType } from '@nestjs/graphql';
import type { CourtyardKind, UnitKind } from '#domain/organisation';
import { CourtyardKindEnum, UnitKindEnum } from '../common/enums.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@InputType()
export class CreateCommunityInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'Defaults to Asia/Shanghai.' })
  timeZone?: string | null;
}

@InputType()
export class CreateCourtyardInput {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field()
  name!: string;

  @Field(() => CourtyardKindEnum)
  kind!: CourtyardKind;
}

@InputType()
export class CreateUnitInput {
  @Field()
  name!: string;

  @Field(() => UnitKindEnum)
  kind!: UnitKind;
}

@InputType()
export class PairUnitInput {
  @Field(() => UuidScalar)
  unitId!: string;

  @Field(() => UuidScalar)
  communityId!: string;
}
