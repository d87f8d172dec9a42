import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { runInRequestContext } from '../context/request-context.js';
import { createLogger, type LogFormat } from './logger.js';

function capture(format?: LogFormat) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', service: 'spec', format }, stream) };
}

describe('createLogger', () => {
  it('scrubs phones and ID numbers from messages, fields and error stacks', () => {
    const { lines, logger } = capture();
    logger.info('call 13812345678');
    logger.info({ detail: { note: 'id 11010519491231002X' } }, 'nested');
    logger.error({ err: new Error('duplicate key (138-1234-5678)') }, 'failed');
    const text = lines.join('');
    expect(text).not.toMatch(/13812345678|11010519491231002X|138-1234-5678/);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toHaveLength(3);
  });

  it('redacts known personal and secret fields by name', () => {
    const { lines, logger } = capture();
    logger.info({ input: { phone: 'x', password: 'hunter2', idNumber: 'y' } }, 'input');
    expect(lines.join('')).not.toMatch(/hunter2|"x"|"y"/);
  });

  it('logs a request as method and path only, without the query string', () => {
    const { lines, logger } = capture();
    logger.info({ req: { method: 'GET', url: '/graphql?query=secret', headers: {} } }, 'incoming');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      req: { method: 'GET', path: '/graphql' },
    });
    expect(lines[0]).not.toContain('secret');
  });

  describe('in the pretty format', () => {
    it('writes one readable line per entry, not JSON', () => {
      const { lines, logger } = capture('pretty');
      logger.info({ url: 'http://127.0.0.1:3000/graphql' }, 'api listening');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] .*INFO.*\[spec\] api listening/);
      expect(lines[0]).toContain('"url":"http://127.0.0.1:3000/graphql"');
      expect(() => JSON.parse(lines[0] ?? '') as unknown).toThrow();
    });

    it('scrubs phones and ID numbers before rendering, wherever they were written', () => {
      const { lines, logger } = capture('pretty');
      logger.info('call 13812345678');
      logger.info({ detail: { note: 'id 11010519491231002X' } }, 'nested');
      logger.error({ err: new Error('duplicate key (138-1234-5678)') }, 'failed');
      // a phone logged as a number leaves a line that is no longer JSON once
      // scrubbed: it must still come out scrubbed, not in clear
      logger.info({ callback: 13812345678 }, 'numeric');
      const text = lines.join('');
      expect(text).not.toMatch(/13812345678|11010519491231002X|138-1234-5678/);
      expect(text).toContain('call [REDACTED_PHONE]');
      expect(text).toContain('[REDACTED_ID]');
      expect(lines).toHaveLength(4);
    });
  });

  it('names the current request on every line written in its context, and none outside', async () => {
    const { lines, logger } = capture();
    await runInRequestContext({ requestId: 'req-abc-123' }, async () => {
      await Promise.resolve();
      logger.info('inside');
    });
    logger.info('outside');
    const [inside, outside] = lines.map((line) => JSON.parse(line) as { requestId?: string });
    expect(inside?.requestId).toBe('req-abc-123');
    expect(outside).not.toHaveProperty('requestId');
  });
});
