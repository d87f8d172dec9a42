import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', service: 'spec' }, stream) };
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
});
