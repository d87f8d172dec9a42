import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationModule } from '#domain/organisation';
import { TaskTypesModule } from '#domain/task-types';
import { PostClaim } from './post-claim.entity.js';
import { PostQueries } from './post-queries.service.js';
import { Post } from './post.entity.js';
import { PostsService } from './posts.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Post, PostClaim]), OrganisationModule, TaskTypesModule],
  providers: [PostsService, PostQueries],
  exports: [PostsService, PostQueries],
})
export class PostsModule {}
