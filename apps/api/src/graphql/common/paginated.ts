import { Field, Int, ObjectType } from '@nestjs/graphql';

type Constructor<T> = abstract new (...args: never[]) => T;

/** `{ items, totalCount }` list wrapper for an object type. */
export function Paginated<T>(item: Constructor<T>, name: string) {
  @ObjectType(name, { isAbstract: false })
  abstract class PageType {
    @Field(() => [item])
    items!: T[];

    @Field(() => Int)
    totalCount!: number;
  }
  return PageType;
}
