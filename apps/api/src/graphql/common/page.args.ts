import { ArgsType, Field, Int } from '@nestjs/graphql';
import { DEFAULT_PAGE_SIZE, pageRequest, type PageRequest } from '#core';

/** Offset paging; `first` is capped at 100 by the domain's pageRequest. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: 'Page size, 1 to 100.' })
  first!: number;

  @Field(() => Int, { defaultValue: 0 })
  offset!: number;
}

export function toPageRequest(args: PageArgs): PageRequest {
  return pageRequest(args.first, args.offset);
}

/**
 * Query cost of a paged field: its children once per requested row, so the
 * cost rule refuses nested lists that would fan out to thousands of rows.
 */
export function pagedComplexity(options: {
  args: { first?: number };
  childComplexity: number;
}): number {
  return (
    1 +
    options.childComplexity * Math.min(Math.max(options.args.first ?? DEFAULT_PAGE_SIZE, 1), 100)
  );
}
