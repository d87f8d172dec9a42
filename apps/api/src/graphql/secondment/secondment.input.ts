import { Field, InputType, Int } from '@nestjs/graphql';
import type { SecondmentStatus } from '#domain/secondment';
import { SecondmentStatusEnum } from '../common/enums.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@InputType()
export class ReportInInput {
  @Field(() => UuidScalar)
  memberId!: string;

  @Field(() => UuidScalar)
  communityId!: string;
}

@InputType()
export class BatchReportInInput {
  @Field(() => UuidScalar)
  unitId!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => [UuidScalar], { description: '1 to 200 distinct members of the unit.' })
  memberIds!: string[];

  @Field(() => UuidScalar, { nullable: true })
  batchId?: string | null;
}

@InputType()
export class SecondmentFilterInput {
  @Field(() => UuidScalar, { nullable: true })
  communityId?: string | null;

  @Field(() => UuidScalar, { nullable: true })
  unitId?: string | null;

  @Field(() => UuidScalar, { nullable: true })
  memberId?: string | null;

  @Field(() => SecondmentStatusEnum, { nullable: true })
  status?: SecondmentStatus | null;
}

@InputType()
export class OverdueFilterInput {
  @Field(() => UuidScalar, { nullable: true })
  communityId?: string | null;

  @Field(() => UuidScalar, { nullable: true })
  unitId?: string | null;
}

@InputType()
export class CreateRotationBatchInput {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => UuidScalar)
  leadUnitId!: string;

  @Field()
  name!: string;

  @Field(() => LocalDateScalar)
  plannedStart!: string;

  @Field(() => LocalDateScalar)
  plannedEnd!: string;

  @Field(() => Int)
  headcount!: number;

  @Field()
  filingReference!: string;
}
