import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { LocalObjectStore } from './local-object-store.js';

describe('the local object store', () => {
  let directory: string;
  let store: LocalObjectStore;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'vanguard-store-'));
    store = new LocalObjectStore(directory);
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('keeps bytes and streams under a key, gives them back and deletes them', async () => {
    await store.put('photos/a', Buffer.from('first'));
    await store.put('exports/b.csv', Readable.from(['se', 'cond']));
    expect(await text((await store.get('photos/a'))!)).toBe('first');
    expect(await text((await store.get('exports/b.csv'))!)).toBe('second');
    await store.delete('photos/a');
    await store.delete('photos/a');
    expect(await store.get('photos/a')).toBeUndefined();
  });

  it('leaves nothing under the key when a write fails half way', async () => {
    const failing = new Readable({
      read() {
        this.push('half');
        this.destroy(new Error('connection lost'));
      },
    });
    await expect(store.put('photos/c', failing)).rejects.toThrow('connection lost');
    expect(await store.get('photos/c')).toBeUndefined();
    expect(await readdir(join(directory, 'photos'))).toEqual([]);
  });

  it('refuses keys that could leave the directory', async () => {
    for (const key of ['../x', 'photos/../../x', '/etc/passwd', 'Photos/A', 'photos//a', '']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow('not a storage key');
    }
  });
});
