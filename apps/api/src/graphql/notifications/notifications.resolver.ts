import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { NotificationDeadLetters } from '#domain/notifications';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG } from '../common/uuid.scalar.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { NotificationModel, NotificationPage } from './notification.model.js';

@Resolver(() => NotificationModel)
export class NotificationsResolver {
  constructor(private readonly deadLetters: NotificationDeadLetters) {}

  @Query(() => NotificationPage, {
    complexity: pagedComplexity,
    description: 'Notifications the gateway refused on every attempt, newest first.',
  })
  @RequireRoles('OPERATOR')
  async notificationDeadLetters(@CurrentActor() actor: Actor, @Args() args: PageArgs) {
    const page = await this.deadLetters.deadLetters(actor, toPageRequest(args));
    return { items: page.items.map((n) => NotificationModel.from(n)), totalCount: page.totalCount };
  }

  @Mutation(() => NotificationModel, {
    description: 'Sends a dead letter again, with a fresh count of attempts (audited).',
  })
  @RequireRoles('OPERATOR')
  async retryNotification(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return NotificationModel.from(await this.deadLetters.retry(actor, id));
  }
}
