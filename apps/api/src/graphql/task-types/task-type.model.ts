import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { KnowledgeLevel, PhysicalIntensity, TaskCategory } from '#domain/task-types';
import { KnowledgeLevelEnum, PhysicalIntensityEnum, TaskCategoryEnum } from '../common/enums.js';
import { Paginated } from '../common/paginated.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('TaskType', {
  description: '任务类型: a kind of duty, in the shared catalogue or a community’s own.',
})
export class TaskTypeModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar, { nullable: true, description: 'Null for the shared catalogue.' })
  communityId!: string | null;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => KnowledgeLevelEnum, { description: 'Local, everyday knowledge the duty needs.' })
  basicKnowledge!: KnowledgeLevel;

  @Field(() => KnowledgeLevelEnum, { description: 'Professional knowledge the duty needs.' })
  professionalKnowledge!: KnowledgeLevel;

  @Field(() => TaskCategoryEnum)
  category!: TaskCategory;

  @Field(() => [String])
  requiredSkills!: string[];

  @Field(() => PhysicalIntensityEnum)
  intensity!: PhysicalIntensity;

  @Field()
  outdoor!: boolean;

  @Field()
  night!: boolean;

  @Field(() => Int)
  defaultDurationMinutes!: number;

  @Field(() => Int)
  pointsWeight!: number;

  @Field()
  countsAsVolunteerService!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  retiredAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

export const TaskTypePage = Paginated(TaskTypeModel, 'TaskTypePage');
