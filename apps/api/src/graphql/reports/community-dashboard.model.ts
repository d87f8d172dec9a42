import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { MemberKind } from '#domain/members';
import { MemberKindEnum } from '../common/enums.js';
import { UuidScalar } from '../common/uuid.scalar.js';
import { ReportPeriodModel } from './reports.model.js';

@ObjectType('DashboardMonth')
export class MonthCellModel {
  @Field({ description: 'YYYY-MM, in the community’s time zone.' })
  month!: string;

  @Field(() => Float)
  hours!: number;

  @Field(() => Int)
  activities!: number;
}

@ObjectType('DashboardCategoryMonth')
export class CategoryCellModel extends MonthCellModel {
  @Field({
    description:
      'ROUTINE, PROFESSIONAL or JOINT (the task’s or post’s category), or SELF_INITIATED.',
  })
  category!: string;
}

@ObjectType('DashboardOrganisationMonth', {
  description:
    'A party group’s or a team’s month: a member’s month counts for the group or team they spent the most of it in. id and name null: members in none all month.',
})
export class OrganisationCellModel extends MonthCellModel {
  @Field(() => UuidScalar, { nullable: true })
  id!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

@ObjectType('DashboardKindShare')
export class KindShareModel {
  @Field(() => MemberKindEnum)
  kind!: MemberKind;

  @Field(() => Int, { description: 'Members of this kind with verified service in the period.' })
  volunteers!: number;

  @Field(() => Float)
  hours!: number;

  @Field(() => Int)
  activities!: number;

  @Field(() => Float, { description: 'Their part of the period’s hours, 0 to 1.' })
  hoursShare!: number;
}

@ObjectType('DashboardTopVolunteer')
export class TopVolunteerModel {
  @Field(() => UuidScalar)
  memberId!: string;

  @Field()
  name!: string;

  @Field(() => MemberKindEnum)
  kind!: MemberKind;

  @Field(() => Float)
  hours!: number;

  @Field(() => Int)
  activities!: number;
}

@ObjectType('DemandResponse', {
  description:
    'Residents’ demands received in the period, and the time from receipt to the first of its tasks filled.',
})
export class DemandResponseModel {
  @Field(() => Int, { description: 'A demand merged into another counts once, as that one.' })
  received!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => Int, { description: 'Demands one of whose tasks has been filled.' })
  filled!: number;

  @Field(() => Int, { description: 'Not decided yet, or with a task still to be filled.' })
  waiting!: number;

  @Field(() => Int, {
    description:
      'Accepted, but no task of theirs was ever filled and none is still open (cancelled, or started short of people).',
  })
  unanswered!: number;

  @Field(() => Float, { nullable: true })
  medianMinutes!: number | null;

  @Field(() => Float, { nullable: true, description: 'The 90th percentile.' })
  p90Minutes!: number | null;
}

@ObjectType('DashboardTasks', {
  description: 'Tasks published (a round begun) whose window starts in the period.',
})
export class PeriodTasksModel {
  @Field(() => Int)
  tasks!: number;

  @Field(() => Int)
  completed!: number;

  @Field(() => Int)
  cancelled!: number;

  @Field(() => Int, {
    description:
      'Tasks whose group leader or committee was told, in any round, that the task was short of people.',
  })
  escalated!: number;

  @Field(() => Int, { description: 'Still UNFILLED: nobody took them.' })
  unfilled!: number;
}

@ObjectType('DashboardOpenTasks', {
  description: 'Tasks not yet over that still need people, as of now.',
})
export class OpenTasksModel {
  @Field(() => Int)
  dispatching!: number;

  @Field(() => Int)
  unfilled!: number;

  @Field(() => Int, { description: 'Of those, the ones escalated (every UNFILLED one is).' })
  escalated!: number;
}

@ObjectType('DashboardPostCoverage', {
  description: 'A post’s scheduled shifts starting in the period and their places booked.',
})
export class PostCoverageModel {
  @Field(() => UuidScalar)
  postId!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  shifts!: number;

  @Field(() => Int, { description: 'The shifts’ headcounts summed.' })
  places!: number;

  @Field(() => Int, { description: 'Places booked (a shift is never more than full).' })
  booked!: number;

  @Field(() => Int, { description: 'Booked members who did not show up (not in booked).' })
  noShows!: number;

  @Field(() => Float, { description: 'booked / places, 0 to 1.' })
  coverage!: number;
}

@ObjectType('CommunityDashboard', {
  description:
    'The committee’s dashboard over whole months. Service counts verified duty logs only: never a submitted, rejected or superseded one.',
})
export class CommunityDashboardModel {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field()
  communityName!: string;

  @Field(() => ReportPeriodModel)
  period!: ReportPeriodModel;

  @Field(() => Float)
  hours!: number;

  @Field(() => Float, { description: 'Of the hours, those flagged as volunteer service.' })
  volunteerHours!: number;

  @Field(() => Int)
  activities!: number;

  @Field(() => Int, { description: 'Members with verified service in the period.' })
  volunteers!: number;

  @Field(() => [MonthCellModel])
  byMonth!: MonthCellModel[];

  @Field(() => [CategoryCellModel])
  byCategory!: CategoryCellModel[];

  @Field(() => [OrganisationCellModel])
  byPartyGroup!: OrganisationCellModel[];

  @Field(() => [OrganisationCellModel])
  byTeam!: OrganisationCellModel[];

  @Field(() => [KindShareModel], { description: 'Seconded and resident members’ shares.' })
  byKind!: KindShareModel[];

  @Field(() => [TopVolunteerModel], { description: 'The ten with the most verified hours.' })
  topVolunteers!: TopVolunteerModel[];

  @Field(() => DemandResponseModel)
  demands!: DemandResponseModel;

  @Field(() => PeriodTasksModel)
  tasks!: PeriodTasksModel;

  @Field(() => OpenTasksModel)
  openTasks!: OpenTasksModel;

  @Field(() => [PostCoverageModel])
  posts!: PostCoverageModel[];

  @Field(() => Float, { description: 'All posts’ booked places over their places, 0 to 1.' })
  postCoverage!: number;
}
