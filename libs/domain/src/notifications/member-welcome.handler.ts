import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#database';
import { MemberRecords, ruleCheck } from '#domain/members';
import { OrganisationQueries } from '#domain/organisation';
import { HandlesJob, JOBS, type JobHandler, type MemberWelcomePayload } from '#queue';
import { SmsGateway } from './sms-gateway.js';

/** The system welcomes every member it registers, whoever registered them. */
const WELCOME = ruleCheck('a welcome SMS to a newly registered member');

/**
 * Sends a newly registered member a welcome SMS. The job carries the member's
 * id only; the phone is read and decrypted here, handed to the gateway and
 * nowhere else. The delivery row is written in the same transaction as the
 * send, so a retry after success finds it and stops; a crash between the
 * send and the commit may send twice, which for a welcome message is the
 * right side to err on.
 */
@Injectable()
@HandlesJob(JOBS.memberWelcome)
export class MemberWelcomeHandler implements JobHandler<typeof JOBS.memberWelcome> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly members: MemberRecords,
    private readonly organisation: OrganisationQueries,
    private readonly sms: SmsGateway,
  ) {}

  async handle(payload: MemberWelcomePayload): Promise<void> {
    await this.uow.run(async () => {
      const member = await this.members.contact(WELCOME, payload.memberId);
      if (!member) return; // registration was undone since; nobody to welcome
      const claimed: unknown[] = await this.uow.manager.query(
        `INSERT INTO notification_delivery (idempotency_key, member_id, channel, template)
         VALUES ($1, $2, 'SMS', $3) ON CONFLICT DO NOTHING RETURNING idempotency_key`,
        [payload.idempotencyKey, payload.memberId, JOBS.memberWelcome.name],
      );
      if (claimed.length === 0) return; // sent by an earlier attempt
      const [community] = member.residenceCommunityId
        ? await this.organisation.communitiesByIds([member.residenceCommunityId])
        : [];
      await this.sms.send(
        member.phone,
        `【先锋】${member.name}同志，您已登记为${community?.name ?? '社区'}党员志愿者，感谢您的参与。`,
      );
    });
  }
}
