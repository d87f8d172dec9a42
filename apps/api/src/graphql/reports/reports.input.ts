import { Field, InputType } from '@nestjs/graphql';
import type { PeriodKind } from '#domain/commitments';
import { PeriodKindEnum } from '../common/enums.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';

@InputType({
  description:
    'A preset holding a day (the month, quarter, half-year or year), or fromMonth to toMonth (YYYY-MM, at most five years).',
})
export class ReportPeriodInput {
  @Field(() => PeriodKindEnum, { nullable: true })
  preset?: PeriodKind | null;

  @Field(() => LocalDateScalar, { nullable: true })
  day?: string | null;

  @Field(() => String, { nullable: true })
  fromMonth?: string | null;

  @Field(() => String, { nullable: true })
  toMonth?: string | null;
}
