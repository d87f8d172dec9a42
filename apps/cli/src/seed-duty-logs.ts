import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '#core';
import { DutyLogsService } from '#domain/duty-logs';
import type { MemberView } from '#domain/members';

const HOUR = 3_600_000;
const THEMES = [
  ['入户走访', '走访独居老人，了解冬季取暖和用药情况'],
  ['环境整治', '清理楼道堆放杂物，劝导规范停放非机动车'],
  ['政策宣传', '在小区门口宣讲垃圾分类和反诈知识'],
  ['助老服务', '为高龄老人代购生活用品、陪同就医'],
] as const;

/**
 * A week of service the demo's members logged (a few hours each, on
 * different days) and the committee verified, so that reports, compliance,
 * leaderboards and points open on numbers rather than zeros. Logged through
 * the duty-log service as the members themselves, verified as the
 * committee: points and star levels follow as in the product.
 */
export async function seedDutyLogs(
  app: INestApplicationContext,
  communityId: string,
  members: readonly MemberView[],
  committee: Actor,
): Promise<number> {
  const logs = app.get(DutyLogsService);
  const today = new Date();
  // 09:00 Beijing of the day before, going back one day per log
  const morning = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 1, 1);
  const ids: string[] = [];
  for (const [i, member] of members.entries()) {
    const actor: Actor = {
      accountId: committee.accountId,
      grants: [{ role: 'MEMBER', memberId: member.id }],
      requestId: 'seed',
    };
    for (let k = 0; k < 2; k++) {
      const [theme, content] = THEMES[(i + k) % THEMES.length] ?? THEMES[0];
      const startsAt = new Date(morning - ((i + 3 * k) % 7) * 24 * HOUR + (i % 3) * HOUR);
      const log = await logs.submit(actor, {
        clientRequestId: `demo-${String(i)}-${String(k)}`,
        theme,
        content,
        place: '社区党群服务中心',
        startsAt,
        endsAt: new Date(startsAt.getTime() + (1 + ((i + k) % 3)) * HOUR),
        communityId,
      });
      ids.push(log.id);
    }
  }
  await logs.verify(committee, ids);
  return ids.length;
}
