import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import S3rver from 's3rver';
import type { S3Settings } from '#core';
import { S3ObjectStore } from './s3-object-store.js';

/**
 * The S3 store against an S3 implementation (s3rver: the S3 REST API,
 * multipart uploads, access keys), started for the test on a free port.
 */
describe('the S3-compatible object store', () => {
  let directory: string;
  let server: S3rver;
  let settings: S3Settings;
  const stores: S3ObjectStore[] = [];
  const storeWith = (overrides: Partial<S3Settings> = {}) => {
    const store = new S3ObjectStore({ ...settings, ...overrides });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'vanguard-s3-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      configureBuckets: [{ name: 'vanguard-files', configs: [] }],
    });
    const { port } = await server.run();
    settings = {
      endpoint: `http://127.0.0.1:${String(port)}`,
      region: 'us-east-1',
      bucket: 'vanguard-files',
      // s3rver's own credentials
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    };
  });

  afterAll(async () => {
    for (const store of stores) store.onModuleDestroy();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps bytes and streams under a key, gives them back and deletes them', async () => {
    const store = storeWith();
    await store.put('photos/a', Buffer.from('first'));
    await store.put('exports/b.csv', Readable.from(['se', 'cond']));
    expect(await text((await store.get('photos/a'))!)).toBe('first');
    expect(await text((await store.get('exports/b.csv'))!)).toBe('second');
    await store.delete('photos/a');
    await store.delete('photos/a');
    expect(await store.get('photos/a')).toBeUndefined();
  });

  it('uploads a stream larger than one part in parts', async () => {
    const store = storeWith();
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const parts = Array.from({ length: 12 }, (_, i) => Buffer.concat([chunk, Buffer.from([i])]));
    await store.put('exports/large.xlsx', Readable.from(parts));
    const back = await buffer((await store.get('exports/large.xlsx'))!);
    expect(back.equals(Buffer.concat(parts))).toBe(true);
  });

  it('is refused with credentials the store does not know, and reports it', async () => {
    // s3rver checks the access key (not a V4 signature's arithmetic, which is the SDK's)
    const store = storeWith({ accessKeyId: 'NOT-A-KEY' });
    await expect(store.put('photos/x', Buffer.from('x'))).rejects.toThrow();
    expect(await storeWith().get('photos/x')).toBeUndefined();
  });
});
