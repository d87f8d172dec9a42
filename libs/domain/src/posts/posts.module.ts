import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LiveModule } from '#domain/live';
import { NotificationsModule } from '#domain/notifications';
import { OrganisationModule } from '#domain/organisation';
import { TaskTypesModule } from '#domain/task-types';
import { PostClaim } from './post-claim.entity.js';
import { PostQueries } from './post-queries.service.js';
import { Post } from './post.entity.js';
import { PostsService } from './posts.service.js';
import { ShiftSwapQueries } from './shift-swap-queries.service.js';
import { ShiftSwap } from './shift-swap.entity.js';
import { ShiftsService } from './shifts.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Post, PostClaim, ShiftSwap]),
    LiveModule,
    NotificationsModule,
    OrganisationModule,
    TaskTypesModule,
  ],
  providers: [PostsService, PostQueries, ShiftsService, ShiftSwapQueries],
  exports: [PostsService, PostQueries, ShiftsService, ShiftSwapQueries],
})
export class PostsModule {}
