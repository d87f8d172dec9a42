import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { captureLogs } from '#testing';
import { LogNotificationChannel } from './log-notification-channel.js';

describe('the log channel', () => {
  it('records that a message went out by template, id and length: never the phone or the text', async () => {
    const logs = captureLogs('worker');
    const text = '【先锋】王建国同志，您已登记为Q社区党员志愿者，感谢您的参与。';
    const notificationId = randomUUID();
    await new LogNotificationChannel(logs.logger).deliver({
      notificationId,
      template: 'MEMBER_WELCOME',
      text,
      recipient: { kind: 'MEMBER', memberId: randomUUID(), phone: '13800138000' },
    });
    const lines = logs.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'notification sent (log channel)',
        template: 'MEMBER_WELCOME',
        notificationId,
        length: text.length,
      }),
    ]);
    const raw = logs.lines().join('\n');
    expect(raw).not.toContain('13800138000');
    expect(raw).not.toContain('王建国');
  });
});
