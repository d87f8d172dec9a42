import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import type { KnowledgeLevel, PhysicalIntensity, TaskCategory } from '#domain/task-types';
import { KnowledgeLevelEnum, PhysicalIntensityEnum, TaskCategoryEnum } from '../common/enums.js';
import { PageArgs } from '../common/page.args.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@InputType()
export class CreateTaskTypeInput {
  @Field(() => UuidScalar, {
    nullable: true,
    description:
      'The community whose own type this is; omitted for the shared catalogue (operators).',
  })
  communityId?: string | null;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => KnowledgeLevelEnum)
  basicKnowledge!: KnowledgeLevel;

  @Field(() => KnowledgeLevelEnum)
  professionalKnowledge!: KnowledgeLevel;

  @Field(() => [String], { nullable: true, description: 'Skill tags, as on members; at most 20.' })
  requiredSkills?: string[] | null;

  @Field(() => PhysicalIntensityEnum)
  intensity!: PhysicalIntensity;

  @Field(() => Boolean, { nullable: true, description: 'Defaults to false.' })
  outdoor?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Defaults to false.' })
  night?: boolean | null;

  @Field(() => Int, { description: '1 to 1440 minutes.' })
  defaultDurationMinutes!: number;

  @Field(() => Int, { nullable: true, description: '1 to 100; defaults to 1.' })
  pointsWeight?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Defaults to true.' })
  countsAsVolunteerService?: boolean | null;
}

@InputType({ description: 'Fields left out keep their value.' })
export class UpdateTaskTypeInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => KnowledgeLevelEnum, { nullable: true })
  basicKnowledge?: KnowledgeLevel | null;

  @Field(() => KnowledgeLevelEnum, { nullable: true })
  professionalKnowledge?: KnowledgeLevel | null;

  @Field(() => [String], { nullable: true })
  requiredSkills?: string[] | null;

  @Field(() => PhysicalIntensityEnum, { nullable: true })
  intensity?: PhysicalIntensity | null;

  @Field(() => Boolean, { nullable: true })
  outdoor?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  night?: boolean | null;

  @Field(() => Int, { nullable: true })
  defaultDurationMinutes?: number | null;

  @Field(() => Int, { nullable: true })
  pointsWeight?: number | null;

  @Field(() => Boolean, { nullable: true })
  countsAsVolunteerService?: boolean | null;
}

@ArgsType()
export class TaskTypeFilterArgs extends PageArgs {
  @Field(() => UuidScalar, {
    nullable: true,
    description: 'The catalogue of this community: the shared types and its own.',
  })
  communityId?: string | null;

  @Field(() => TaskCategoryEnum, { nullable: true })
  category?: TaskCategory | null;

  @Field({ defaultValue: false, description: 'Retired types are left out unless asked for.' })
  includeRetired!: boolean;
}
