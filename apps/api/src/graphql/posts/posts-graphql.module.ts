import { Module } from '@nestjs/common';
import { PostsModule } from '#domain/posts';
import { PostsResolver } from './posts.resolver.js';

/** Duty posts over GraphQL: setting up, claiming, coverage and one's own shifts. */
@Module({
  imports: [PostsModule],
  providers: [PostsResolver],
})
export class PostsGraphqlModule {}
