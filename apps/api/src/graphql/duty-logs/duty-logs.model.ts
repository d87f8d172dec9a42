import { Field, Float, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { DutyLogSource, DutyLogStatus } from '#domain/duty-logs';
import { DutyLogSourceEnum, DutyLogStatusEnum } from '../common/enums.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { Paginated } from '../common/paginated.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('DutyLog', { description: '纪实: a piece of service, as submitted and decided.' })
export class DutyLogModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar, { description: 'The first log of its correction chain.' })
  lineageId!: string;

  @Field(() => UuidScalar)
  memberId!: string;

  @Field()
  memberName!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field()
  theme!: string;

  @Field()
  content!: string;

  @Field()
  place!: string;

  @Field(() => Float, { nullable: true })
  latitude!: number | null;

  @Field(() => Float, { nullable: true })
  longitude!: number | null;

  @Field(() => GraphQLISODateTime)
  startsAt!: Date;

  @Field(() => GraphQLISODateTime)
  endsAt!: Date;

  @Field(() => Int)
  minutes!: number;

  @Field(() => UuidScalar, { nullable: true })
  assignmentId!: string | null;

  @Field(() => Int)
  beneficiaries!: number;

  @Field()
  beneficiariesNote!: string;

  @Field(() => DutyLogSourceEnum)
  source!: DutyLogSource;

  @Field(() => String, { nullable: true })
  backfillReason!: string | null;

  @Field({
    description:
      'False for an obligatory duty: it counts for the unit’s report, never for volunteer certificates.',
  })
  volunteerService!: boolean;

  @Field(() => DutyLogStatusEnum)
  status!: DutyLogStatus;

  @Field(() => UuidScalar, { nullable: true, description: 'The verified log this corrects.' })
  correctsId!: string | null;

  @Field(() => UuidScalar, { nullable: true, description: 'The correction that replaced it.' })
  supersededBy!: string | null;

  @Field(() => GraphQLISODateTime)
  submittedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Username of who decided it.' })
  decidedBy!: string | null;

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;
}

export const DutyLogPage = Paginated(DutyLogModel, 'DutyLogPage');

@ObjectType('CheckIn')
export class CheckInModel {
  @Field(() => UuidScalar)
  assignmentId!: string;

  @Field(() => GraphQLISODateTime)
  checkedInAt!: Date;

  @Field(() => Int, {
    nullable: true,
    description: 'Metres from the task’s or post’s place; null when it has no coordinates.',
  })
  distanceMeters!: number | null;
}

@ObjectType('CalendarDay')
export class CalendarDayModel {
  @Field(() => LocalDateScalar)
  day!: string;

  @Field()
  working!: boolean;

  @Field()
  name!: string;
}
