import { Injectable } from '@nestjs/common';
import { rawSql, sql, UnitOfWork } from '#database';
import type { ComplianceBehindItem, NotificationTemplate } from '../notification-template.js';

/**
 * What the handler does with a notification: send this text, or send
 * nothing because the subject no longer calls for it (the reason is for
 * the code reader; the row just becomes SKIPPED).
 */
export type Rendering = { readonly text: string } | { readonly skipped: string };

/**
 * One formatter per time zone: building an Intl.DateTimeFormat costs far more
 * than using one (it was most of the worker's own CPU for offer texts).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The parts of a local time the texts show, read in the community's time zone. */
function localParts(instant: Date, timeZone: string) {
  const parts = formatterOf(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('month')}月${part('day')}日`, time: `${part('hour')}:${part('minute')}` };
}

/** `11月25日 09:00`, in the community's time zone. */
export function formatInstant(instant: Date, timeZone: string): string {
  const { date, time } = localParts(instant, timeZone);
  return `${date} ${time}`;
}

/** `11月25日 09:00–11:00`, or `11月25日 22:00至11月26日 02:00` across midnight. */
export function formatWindow(startsAt: Date, endsAt: Date, timeZone: string): string {
  const start = localParts(startsAt, timeZone);
  const end = localParts(endsAt, timeZone);
  return start.date === end.date
    ? `${start.date} ${start.time}–${end.time}`
    : `${start.date} ${start.time}至${end.date} ${end.time}`;
}

/** `东湖社区要求至12月31日服务8小时、参加3次活动，您已服务2小时、参加1次`. */
function behindText(item: ComplianceBehindItem): string {
  const [, month = '', day = ''] = item.periodEnd.split('-');
  const until = `至${String(Number(month))}月${String(Number(day))}日`;
  if (item.kind === 'COMMITMENT') {
    return `您承诺每月服务${String(item.requiredHours)}小时，本月（${until}）已服务${String(item.hours)}小时`;
  }
  const asked = [
    item.requiredHours === null ? '' : `服务${String(item.requiredHours)}小时`,
    item.requiredActivities === null ? '' : `参加${String(item.requiredActivities)}次活动`,
  ].filter(Boolean);
  const done = [
    item.requiredHours === null ? '' : `服务${String(item.hours)}小时`,
    item.requiredActivities === null ? '' : `参加${String(item.activities)}次`,
  ].filter(Boolean);
  return `${item.ownerName ?? ''}要求${until}${asked.join('、')}，您已${done.join('、')}`;
}

/** What every task text names: the task, its window and its courtyard, as they are now. */
interface TaskFacts {
  readonly title: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly timeZone: string;
  readonly courtyard: string;
  readonly taskStatus: string;
}

const TASK_COLUMNS = rawSql(`t.title, t.starts_at AS "startsAt", t.ends_at AS "endsAt",
  c.time_zone AS "timeZone", y.name AS courtyard, t.status AS "taskStatus"`);
const TASK_JOINS = rawSql(`JOIN community c ON c.id = t.community_id
  JOIN courtyard y ON y.id = t.courtyard_id`);

/** A task still waiting for people: only then is "nobody is left" news worth sending. */
const STILL_SHORT = new Set(['DISPATCHING', 'UNFILLED']);

/** A work's name, window and courtyard as the texts quote them: a task's, or a shift's post's. */
const quoted = (task: Omit<TaskFacts, 'taskStatus'>) =>
  `“${task.title}”（${formatWindow(task.startsAt, task.endsAt, task.timeZone)}，${task.courtyard}）`;

/** A shift as the swap texts name it (its post as the title), and the two members. */
interface ShiftFacts extends Omit<TaskFacts, 'taskStatus'> {
  readonly asker: string;
  readonly taker: string;
}

/**
 * The zh-CN texts, one method per template, each rendered when the message
 * is sent from the state of its subject then: a task retitled or moved
 * after the offer went out is announced as it now is.
 *
 * A message whose subject no longer calls for it is skipped, not sent and
 * not failed: an offer already answered, expired or withdrawn needs no
 * invitation or reminder, and a task filled or cancelled since its
 * escalation needs nobody to step in. Sending it would ask a member or a
 * committee to act on something already settled (in the field study,
 * elderly resident members who go out for a stale request); failing it
 * would fill the operators' dead letters with messages that were right to
 * drop. The row says SKIPPED rather than SENT, so "was this member told?"
 * has an honest answer.
 *
 * Returns undefined when the subject does not exist (a caller's mistake,
 * which the handler makes a dead letter for operators to see).
 */
@Injectable()
export class NotificationTexts {
  constructor(private readonly uow: UnitOfWork) {}

  render(template: NotificationTemplate, subjectId: string): Promise<Rendering | undefined> {
    switch (template) {
      case 'MEMBER_WELCOME':
        return this.memberWelcome(subjectId);
      case 'TASK_OFFERED':
        return this.taskOffered(subjectId);
      case 'OFFER_REMINDER':
        return this.offerReminder(subjectId);
      case 'OFFER_WITHDRAWN':
        return this.offerWithdrawn(subjectId);
      case 'ASSIGNMENT_CANCELLED':
        return this.assignmentCancelled(subjectId);
      case 'TASK_ESCALATED_TO_LEADER':
        return this.escalatedToLeader(subjectId);
      case 'TASK_ESCALATED_TO_COMMITTEE':
        return this.escalatedToCommittee(subjectId);
      case 'SHIFT_SWAP_REQUESTED':
        return this.swapRequested(subjectId);
      case 'SHIFT_SWAP_ANSWERED':
        return this.swapAnswered(subjectId);
      case 'SHIFTS_BOOKED':
        return this.shiftsBooked(subjectId);
      case 'STAR_LEVEL_REACHED':
        return this.starLevelReached(subjectId);
      case 'COMPLIANCE_BEHIND':
        return this.complianceBehind(subjectId);
      case 'GROUP_COMPLIANCE_BEHIND':
        return this.groupComplianceBehind(subjectId);
      case 'CALL_UP':
      case 'CALL_UP_REMINDER':
        return this.callUps(template, [subjectId]).then(([rendering]) => rendering);
    }
  }

  /**
   * The texts of many messages, in their order. A call-up's batch is a few
   * hundred messages of one call-up: read with one statement, not one each.
   */
  async renderAll(
    messages: readonly { readonly template: NotificationTemplate; readonly subjectId: string }[],
  ): Promise<(Rendering | undefined)[]> {
    const renderings = new Map<(typeof messages)[number], Rendering | undefined>();
    for (const template of ['CALL_UP', 'CALL_UP_REMINDER'] as const) {
      const ofTemplate = messages.filter((m) => m.template === template);
      if (ofTemplate.length === 0) continue;
      const texts = await this.callUps(
        template,
        ofTemplate.map((m) => m.subjectId),
      );
      ofTemplate.forEach((m, i) => renderings.set(m, texts[i]));
    }
    for (const m of messages) {
      if (!renderings.has(m)) renderings.set(m, await this.render(m.template, m.subjectId));
    }
    return messages.map((m) => renderings.get(m));
  }

  /** Subject: the member. The text the welcome SMS always had. */
  private async memberWelcome(memberId: string): Promise<Rendering | undefined> {
    const [member] = await this.uow.query<{ name: string; community: string | null }>(
      sql`SELECT m.name, c.name AS community FROM member m
          LEFT JOIN community c ON c.id = m.residence_community_id WHERE m.id = ${memberId}`,
    );
    if (!member) return undefined;
    return {
      text: `【先锋】${member.name}同志，您已登记为${member.community ?? '社区'}党员志愿者，感谢您的参与。`,
    };
  }

  /** Subject: the offer. */
  private async taskOffered(offerId: string): Promise<Rendering | undefined> {
    const offer = await this.offer(offerId);
    if (!offer) return undefined;
    if (offer.offerStatus !== 'PENDING') return { skipped: 'offer answered or closed' };
    const expires = formatInstant(offer.expiresAt, offer.timeZone);
    return {
      text: `【先锋】邀请您参加任务${quoted(offer)}。请于${expires}前在先锋中接受或婉拒。`,
    };
  }

  /** Subject: the offer, still unanswered near its expiry. */
  private async offerReminder(offerId: string): Promise<Rendering | undefined> {
    const offer = await this.offer(offerId);
    if (!offer) return undefined;
    if (offer.offerStatus !== 'PENDING') return { skipped: 'offer answered or closed' };
    const expires = formatInstant(offer.expiresAt, offer.timeZone);
    return {
      text: `【先锋】提醒：任务${quoted(offer)}的邀请将于${expires}到期，请尽快接受或婉拒。`,
    };
  }

  /** Subject: the offer, withdrawn because the task filled or changed. */
  private async offerWithdrawn(offerId: string): Promise<Rendering | undefined> {
    const offer = await this.offer(offerId);
    if (!offer) return undefined;
    if (offer.offerStatus !== 'WITHDRAWN') return { skipped: 'offer not withdrawn' };
    return { text: `【先锋】任务${quoted(offer)}的邀请已撤回，无需回复。感谢您的支持。` };
  }

  /** Subject: the assignment, cancelled by the committee (the task is off). */
  private async assignmentCancelled(assignmentId: string): Promise<Rendering | undefined> {
    const [assignment] = await this.uow.query<TaskFacts & { assignmentStatus: string }>(
      sql`SELECT ${TASK_COLUMNS}, a.status AS "assignmentStatus"
          FROM assignment a JOIN task t ON t.id = a.task_id ${TASK_JOINS}
          WHERE a.id = ${assignmentId}`,
    );
    if (!assignment) return undefined;
    if (assignment.assignmentStatus !== 'CANCELLED') return { skipped: 'assignment not cancelled' };
    return { text: `【先锋】您承担的任务${quoted(assignment)}已取消，无需前往。感谢您的支持。` };
  }

  /** Subject: the task; recipient: the leader of the group covering its courtyard. */
  private async escalatedToLeader(taskId: string): Promise<Rendering | undefined> {
    const task = await this.task(taskId);
    if (!task) return undefined;
    if (!STILL_SHORT.has(task.taskStatus)) return { skipped: 'task no longer short of people' };
    return {
      text: `【先锋】任务${quoted(task)}暂无志愿者可派，请组长在本组协调人员承接。`,
    };
  }

  /** Subject: the task; recipient: its community's committee. */
  private async escalatedToCommittee(taskId: string): Promise<Rendering | undefined> {
    const task = await this.task(taskId);
    if (!task) return undefined;
    if (!STILL_SHORT.has(task.taskStatus)) return { skipped: 'task no longer short of people' };
    return {
      text: `【先锋】任务${quoted(task)}无人承接，已列为未派出任务，请社区党委协调处理。`,
    };
  }

  /** Subject: the swap; recipient: the member asked to take the shift over. */
  private async swapRequested(swapId: string): Promise<Rendering | undefined> {
    const swap = await this.swap(swapId);
    if (!swap) return undefined;
    if (swap.swapStatus !== 'PENDING') return { skipped: 'swap answered or withdrawn' };
    return {
      text: `【先锋】${swap.asker}同志请您代为值守岗位${quoted(swap)}。请在先锋中接受或婉拒。`,
    };
  }

  /** Subject: the swap; recipient: the member who asked. */
  private async swapAnswered(swapId: string): Promise<Rendering | undefined> {
    const swap = await this.swap(swapId);
    if (!swap) return undefined;
    if (swap.swapStatus === 'ACCEPTED') {
      return { text: `【先锋】${swap.taker}同志已接替您的岗位${quoted(swap)}，您无需前往。` };
    }
    if (swap.swapStatus === 'DECLINED') {
      return {
        text: `【先锋】${swap.taker}同志未能接替岗位${quoted(swap)}，请您按时值守或另行安排。`,
      };
    }
    return { skipped: 'swap not answered' };
  }

  /**
   * Subject: the member's roll-call row. The call and its reminders are
   * skipped once the member has answered (in the app, before the message
   * reached them) or the call-up is closed.
   */
  private async callUps(
    template: 'CALL_UP' | 'CALL_UP_REMINDER',
    recipientIds: readonly string[],
  ): Promise<(Rendering | undefined)[]> {
    const rows = await this.uow.query<{
      id: string;
      message: string;
      respondBy: Date;
      timeZone: string;
      community: string;
      open: boolean;
      answered: boolean;
    }>(
      sql`SELECT r.id, u.message, u.respond_by AS "respondBy", c.time_zone AS "timeZone",
                 c.name AS community, u.status = 'OPEN' AS open, r.answer IS NOT NULL AS answered
            FROM call_up_recipient r
            JOIN call_up u ON u.id = r.call_up_id
            JOIN community c ON c.id = u.community_id
           WHERE r.id = ANY(${recipientIds}::uuid[])`,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return recipientIds.map((id): Rendering | undefined => {
      const call = byId.get(id);
      if (!call) return undefined;
      if (!call.open) return { skipped: 'call-up closed' };
      if (call.answered) return { skipped: 'member answered' };
      const by = formatInstant(call.respondBy, call.timeZone);
      return template === 'CALL_UP'
        ? {
            text: `【先锋】紧急召集（${call.community}党委）：${call.message}。请于${by}前在先锋中回复能否到场。`,
          }
        : {
            text: `【先锋】提醒：${call.community}党委的紧急召集尚待您回复（${by}截止）：${call.message}`,
          };
    });
  }

  /**
   * Subject: the member's soonest new booking of a planning run. Says which
   * post, that shift, and how many of the post's shifts the member holds
   * from then on; skipped if that booking is no longer theirs (released or
   * handed over before the message went out).
   */
  private async shiftsBooked(assignmentId: string): Promise<Rendering | undefined> {
    const [booking] = await this.uow.query<
      Omit<TaskFacts, 'taskStatus'> & { live: boolean; upcoming: number }
    >(sql`
      SELECT p.name AS title, s.starts_at AS "startsAt", s.ends_at AS "endsAt",
             c.time_zone AS "timeZone", y.name AS courtyard, a.status = 'ACCEPTED' AS live,
             (SELECT count(*)::int FROM assignment mine JOIN shift later ON later.id = mine.shift_id
               WHERE mine.member_id = a.member_id AND mine.status = 'ACCEPTED'
                 AND later.post_id = s.post_id AND later.starts_at >= s.starts_at) AS upcoming
        FROM assignment a
        JOIN shift s ON s.id = a.shift_id
        JOIN post p ON p.id = s.post_id
        JOIN community c ON c.id = p.community_id
        JOIN courtyard y ON y.id = p.courtyard_id
       WHERE a.id = ${assignmentId}`);
    if (!booking) return undefined;
    if (!booking.live) return { skipped: 'booking given up' };
    return {
      text: `【先锋】您已排入岗位班次${quoted(booking)}，自该班次起共${String(booking.upcoming)}班。可在先锋中查看，无法到岗请提前换班或释放。`,
    };
  }

  /** Subject: the member; their verified volunteer-service hours as they are now. */
  private async starLevelReached(memberId: string): Promise<Rendering | undefined> {
    const [member] = await this.uow.query<{ name: string; hours: number }>(sql`
      SELECT m.name, coalesce((SELECT sum(l.minutes) FROM duty_log l
                                WHERE l.member_id = m.id AND l.status = 'VERIFIED'
                                  AND l.volunteer_service), 0)::int / 60 AS hours
        FROM member m WHERE m.id = ${memberId}`);
    if (!member) return undefined;
    return {
      text: `【先锋】${member.name}同志，祝贺您！您经审核的志愿服务时长已达${String(member.hours)}小时，星级志愿者等级提升，可在先锋中查看。`,
    };
  }

  /**
   * Subject: the member's weekly compliance check; what it found behind
   * (the numbers of that morning: the reminder is sent within minutes).
   */
  private async complianceBehind(checkId: string): Promise<Rendering | undefined> {
    const [check] = await this.uow.query<{ name: string; behind: ComplianceBehindItem[] }>(sql`
      SELECT m.name, k.behind FROM compliance_check k JOIN member m ON m.id = k.member_id
       WHERE k.id = ${checkId}`);
    if (!check) return undefined;
    return {
      text: `【先锋】${check.name}同志，服务进度提醒：${check.behind.map(behindText).join('；')}。请合理安排时间参加服务，可在先锋中查看。`,
    };
  }

  /** Subject: the party group; its current members found behind by the latest weekly check. */
  private async groupComplianceBehind(groupId: string): Promise<Rendering | undefined> {
    const [group] = await this.uow.query<{ name: string; members: string[] }>(sql`
      SELECT pg.name, coalesce(array_agg(m.name ORDER BY m.name)
                                 FILTER (WHERE m.id IS NOT NULL), '{}') AS members
        FROM party_group pg
        LEFT JOIN group_assignment ga ON ga.party_group_id = pg.id AND ga.ended_at IS NULL
        LEFT JOIN compliance_check k ON k.member_id = ga.member_id
         AND k.week_of = (SELECT max(k2.week_of) FROM compliance_check k2
                            JOIN group_assignment g2 ON g2.member_id = k2.member_id
                           WHERE g2.party_group_id = pg.id AND g2.ended_at IS NULL)
        LEFT JOIN member m ON m.id = k.member_id
       WHERE pg.id = ${groupId}
       GROUP BY pg.id`);
    if (!group) return undefined;
    if (group.members.length === 0) return { skipped: 'nobody in the group is behind' };
    const named = group.members.slice(0, 10).join('、');
    const more = group.members.length > 10 ? '等' : '';
    return {
      text: `【先锋】服务进度提醒：${group.name}有${String(group.members.length)}名党员本期服务进度落后（${named}${more}）。请提醒他们及时参加服务，可在先锋中查看详情。`,
    };
  }

  private async swap(swapId: string): Promise<(ShiftFacts & { swapStatus: string }) | undefined> {
    const [swap] = await this.uow.query<ShiftFacts & { swapStatus: string }>(
      sql`SELECT p.name AS title, s.starts_at AS "startsAt", s.ends_at AS "endsAt",
                 c.time_zone AS "timeZone", y.name AS courtyard, w.status AS "swapStatus",
                 f.name AS asker, t.name AS taker
          FROM shift_swap w
          JOIN assignment a ON a.id = w.assignment_id
          JOIN shift s ON s.id = a.shift_id
          JOIN post p ON p.id = s.post_id
          JOIN community c ON c.id = p.community_id
          JOIN courtyard y ON y.id = p.courtyard_id
          JOIN member f ON f.id = w.from_member_id
          JOIN member t ON t.id = w.to_member_id
          WHERE w.id = ${swapId}`,
    );
    return swap;
  }

  private async task(taskId: string): Promise<TaskFacts | undefined> {
    const [task] = await this.uow.query<TaskFacts>(
      sql`SELECT ${TASK_COLUMNS} FROM task t ${TASK_JOINS} WHERE t.id = ${taskId}`,
    );
    return task;
  }

  private async offer(
    offerId: string,
  ): Promise<(TaskFacts & { offerStatus: string; expiresAt: Date }) | undefined> {
    const [offer] = await this.uow.query<TaskFacts & { offerStatus: string; expiresAt: Date }>(
      sql`SELECT ${TASK_COLUMNS}, o.status AS "offerStatus", o.expires_at AS "expiresAt"
          FROM task_offer o JOIN task t ON t.id = o.task_id ${TASK_JOINS}
          WHERE o.id = ${offerId}`,
    );
    return offer;
  }
}
