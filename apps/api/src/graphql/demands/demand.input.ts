import { ArgsType, Field, InputType } from '@nestjs/graphql';
import type { DemandChannel, DemandStatus } from '#domain/demands';
import type { TaskPriority } from '#domain/tasks';
import { DemandChannelEnum, DemandStatusEnum, TaskPriorityEnum } from '../common/enums.js';
import { PageArgs } from '../common/page.args.js';
import { UuidScalar } from '../common/uuid.scalar.js';
import { TaskFieldsInput } from '../tasks/task.input.js';

@InputType()
export class RecordDemandInput {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => UuidScalar, { description: 'A courtyard of the community.' })
  courtyardId!: string;

  @Field({ description: 'At most 1000 characters.' })
  description!: string;

  @Field(() => TaskPriorityEnum)
  urgency!: TaskPriority;

  @Field(() => DemandChannelEnum)
  channel!: DemandChannel;

  @Field({ description: 'Stored encrypted; shown masked outside the committee.' })
  requesterName!: string;

  @Field({
    description: 'A mainland mobile number; stored encrypted, masked outside the committee.',
  })
  requesterPhone!: string;
}

@InputType({
  description:
    'A task a demand is accepted into: in the demand’s community, at its courtyard unless another is given, its priority the demand’s urgency unless given.',
})
export class DemandTaskInput extends TaskFieldsInput {
  @Field(() => UuidScalar, { nullable: true })
  courtyardId?: string | null;
}

@ArgsType()
export class DemandFilterArgs extends PageArgs {
  @Field(() => UuidScalar, { nullable: true })
  communityId?: string | null;

  @Field(() => DemandStatusEnum, { nullable: true })
  status?: DemandStatus | null;
}
