import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  NOTIFICATION_TEMPLATES,
  type Notification,
  type NotificationStatus,
  type NotificationTemplate,
} from '#domain/notifications';
import { enumOf } from '../common/enums.js';
import { Paginated } from '../common/paginated.js';
import { UuidScalar } from '../common/uuid.scalar.js';

export const NotificationTemplateEnum = enumOf(NOTIFICATION_TEMPLATES);
export const NotificationStatusEnum = enumOf<NotificationStatus>([
  'PENDING',
  'SENT',
  'SKIPPED',
  'DEAD',
]);
export const NotificationRecipientKindEnum = enumOf(['MEMBER', 'COMMITTEE']);
export type NotificationRecipientKind = keyof typeof NotificationRecipientKindEnum;

registerEnumType(NotificationTemplateEnum, { name: 'NotificationTemplate' });
registerEnumType(NotificationStatusEnum, {
  name: 'NotificationStatus',
  description:
    'PENDING → SENT; SKIPPED when its subject no longer called for it at send time (an offer ' +
    'already answered); DEAD when the gateway refused every attempt.',
});
registerEnumType(NotificationRecipientKindEnum, {
  name: 'NotificationRecipientKind',
  description: 'A member, or the committee of a community.',
});

@ObjectType('Notification', {
  description:
    'A message the system sends through its channel. Ids and codes only: never the phone or the text.',
})
export class NotificationModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => NotificationTemplateEnum)
  template!: NotificationTemplate;

  @Field(() => NotificationRecipientKindEnum)
  recipientKind!: NotificationRecipientKind;

  @Field(() => UuidScalar, {
    description: 'The task, offer, assignment or member the text is built from.',
  })
  subjectId!: string;

  @Field(() => NotificationStatusEnum)
  status!: NotificationStatus;

  @Field(() => Int, { description: 'Failed attempts since it was last queued.' })
  attempts!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the last attempt failed, e.g. WEBHOOK_HTTP_503 or WEBHOOK_TIMEOUT.',
  })
  lastErrorCode!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  sentAt!: Date | null;

  static from(notification: Notification): NotificationModel {
    return {
      id: notification.id,
      template: notification.template,
      recipientKind: notification.memberId ? 'MEMBER' : 'COMMITTEE',
      subjectId: notification.subjectId,
      status: notification.status,
      attempts: notification.attempts,
      lastErrorCode: notification.lastErrorCode,
      createdAt: notification.createdAt,
      sentAt: notification.sentAt,
    };
  }
}

export const NotificationPage = Paginated(NotificationModel, 'NotificationPage');
