import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import type { DemandChannel, DemandStatus } from '#domain/demands';
import type { TaskPriority } from '#domain/tasks';
import { DemandChannelEnum, DemandStatusEnum, TaskPriorityEnum } from '../common/enums.js';
import { Paginated } from '../common/paginated.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('Demand', {
  description:
    '点单: a resident’s need as the committee recorded it. The requester is shown in clear to the community’s committee only, masked to everyone else.',
})
export class DemandModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => UuidScalar)
  courtyardId!: string;

  @Field()
  description!: string;

  @Field(() => TaskPriorityEnum)
  urgency!: TaskPriority;

  @Field(() => DemandChannelEnum)
  channel!: DemandChannel;

  @Field({ description: '张三 for the committee, 张* for anyone else.' })
  requesterName!: string;

  @Field({ description: '13812345678 for the committee, 138****5678 for anyone else.' })
  requesterPhone!: string;

  @Field({ description: 'Whether requesterName and requesterPhone are in clear.' })
  requesterInClear!: boolean;

  @Field(() => DemandStatusEnum)
  status!: DemandStatus;

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;

  @Field(() => UuidScalar, { nullable: true })
  mergedIntoId!: string | null;

  @Field(() => GraphQLISODateTime)
  receivedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  decidedAt!: Date | null;
}

export const DemandPage = Paginated(DemandModel, 'DemandPage');
