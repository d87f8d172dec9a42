import { Module } from '@nestjs/common';
import { PostsModule } from '#domain/posts';
import { PostsResolver } from './posts.resolver.js';
import { ShiftsResolver } from './shifts.resolver.js';

/** Duty posts over GraphQL: setting up, claiming, coverage, one's own shifts and their swaps. */
@Module({
  imports: [PostsModule],
  providers: [PostsResolver, ShiftsResolver],
})
export class PostsGraphqlModule {}
