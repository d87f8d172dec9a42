import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import exifr from 'exifr';
import { sql, UnitOfWork } from '#database';
import type { MemberView } from '#domain/members';
import { PhotosService } from '#domain/photos';
import {
  createDispatchPlace,
  createResident,
  jpegWithLocation,
  pngWithLocation,
  PHOTO_ORIENTATION,
  signIn,
  startTestApi,
  TestClock,
  unique,
  type DispatchPlace,
  type TestApi,
} from '#testing';

const REQUEST = `mutation($i: PhotoUploadInput!) { r: requestPhotoUpload(input: $i) {
  photoId maxBytes upload { url expiresAt } } }`;
const SUBMIT = `mutation($i: DutyLogInput!) { r: submitDutyLog(input: $i) {
  id photos { id contentType bytes download { url expiresAt } } } }`;
const LIST = `query { r: dutyLogs(first: 10) { items { id photos { id download { url } } } } }`;

const HOUR = 3_600_000;
const MB = 1024 * 1024;

interface Upload {
  photoId: string;
  maxBytes: number;
  upload: { url: string; expiresAt: string };
}
interface Photo {
  id: string;
  contentType: string;
  bytes: number;
  download: { url: string };
}

/**
 * Duty-log photos: an upload link checked at request and at upload (type
 * by the bytes, size), the file stored without its location, named in a
 * log and shown through a signed link that expires and cannot be altered.
 */
describe('duty-log photos', () => {
  const clock = new TestClock(new Date('2026-11-24T04:00:00Z'));
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ clock });
  });

  afterAll(async () => {
    await api.close();
  });

  const tokenOf = (member: MemberView) =>
    signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);
  const put = (url: string, body: Buffer, contentType: string) =>
    api.app.inject({ method: 'PUT', url, headers: { 'content-type': contentType }, payload: body });
  const get = (url: string) => api.app.inject({ method: 'GET', url });
  const codeOf = (response: { json: () => unknown }) =>
    (response.json() as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code;
  const storedFiles = async () => {
    try {
      return await readdir(join(api.config.storage.directory, 'photos'));
    } catch {
      return [];
    }
  };
  const logInput = (place: DispatchPlace, photoIds: string[]) => ({
    clientRequestId: unique('app'),
    theme: '清扫楼道',
    content: '清理3栋楼道堆放杂物',
    place: '东湖小区3栋',
    startsAt: new Date(clock.now().getTime() - 3 * HOUR).toISOString(),
    endsAt: new Date(clock.now().getTime() - 2 * HOUR).toISOString(),
    communityId: place.community.id,
    photoIds,
  });
  async function uploaded(token: string, bytes: Buffer, type: string): Promise<string> {
    const link = await api.ok<Upload>(
      REQUEST,
      { i: { contentType: type, bytes: bytes.length } },
      token,
    );
    const response = await put(link.upload.url, bytes, type);
    expect(response.statusCode).toBe(201);
    return link.photoId;
  }

  it('stores a photo without its location, names it in a log and shows it to whoever reads the log', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    const token = await tokenOf(member);
    const jpeg = jpegWithLocation();
    const link = await api.ok<Upload>(
      REQUEST,
      { i: { contentType: 'image/jpeg', bytes: jpeg.length } },
      token,
    );
    expect(link.maxBytes).toBe(10 * MB);
    const stored = await put(link.upload.url, jpeg, 'image/jpeg');
    expect(stored.statusCode).toBe(201);
    // a second upload through the same link does not replace the first
    const again = await put(link.upload.url, pngWithLocation(), 'image/jpeg');
    expect([again.statusCode, codeOf(again)]).toEqual([409, 'PHOTO_ALREADY_UPLOADED']);
    const png = await uploaded(token, pngWithLocation(), 'image/png');

    const log = await api.ok<{ id: string; photos: Photo[] }>(
      SUBMIT,
      { i: logInput(place, [link.photoId, png]) },
      token,
    );
    expect(log.photos.map((p) => [p.id, p.contentType])).toEqual([
      [link.photoId, 'image/jpeg'],
      [png, 'image/png'],
    ]);

    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    const seen = await api.ok<{ items: { id: string; photos: Photo[] }[] }>(LIST, {}, committee);
    const photo = seen.items.find((item) => item.id === log.id)?.photos[0];
    const shown = await get(photo?.download.url ?? 'missing');
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
    // the stored file: the upload less its XMP block, GPS zeroed
    expect(shown.rawPayload.length).toBe(log.photos[0]?.bytes);
    expect(shown.rawPayload.length).toBeLessThan(jpeg.length);
    expect(await exifr.gps(shown.rawPayload)).toBeUndefined();
    expect(await exifr.orientation(shown.rawPayload)).toBe(PHOTO_ORIENTATION);
    // the access log never holds the link's signature
    expect(api.logLines().join('\n')).not.toMatch(/signature=/);
  });

  it('refuses a photo of the wrong type or size, at the request and at the upload, storing nothing', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    const token = await tokenOf(member);
    const before = await storedFiles();

    expect(
      await api.errorOf(REQUEST, { i: { contentType: 'image/gif', bytes: 1000 } }, token),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentType' });
    expect(
      await api.errorOf(REQUEST, { i: { contentType: 'image/jpeg', bytes: 10 * MB + 1 } }, token),
    ).toMatchObject({ code: 'PHOTO_TOO_LARGE', field: 'bytes', maxBytes: 10 * MB });

    const asked = await api.ok<Upload>(
      REQUEST,
      { i: { contentType: 'image/jpeg', bytes: 5000 } },
      token,
    );
    // PNG bytes sent as the JPEG that was asked for, a GIF, a PDF: refused by their bytes
    for (const body of [
      pngWithLocation(),
      Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
      Buffer.from('%PDF-1.7\n', 'latin1'),
    ]) {
      const refused = await put(asked.upload.url, body, 'image/jpeg');
      expect([refused.statusCode, codeOf(refused)]).toEqual([415, 'PHOTO_TYPE_MISMATCH']);
    }
    const cut = await put(asked.upload.url, jpegWithLocation().subarray(0, 60), 'image/jpeg');
    expect([cut.statusCode, codeOf(cut)]).toEqual([400, 'PHOTO_MALFORMED']);
    const huge = Buffer.concat([jpegWithLocation(), Buffer.alloc(10 * MB)]);
    const tooLarge = await put(asked.upload.url, huge, 'image/jpeg');
    expect([tooLarge.statusCode, codeOf(tooLarge)]).toEqual([413, 'PHOTO_TOO_LARGE']);
    // larger than declared (5,000 bytes), though under the limit
    const padded = Buffer.concat([jpegWithLocation(), Buffer.alloc(6000)]);
    const undeclared = await put(asked.upload.url, padded, 'image/jpeg');
    expect([undeclared.statusCode, codeOf(undeclared)]).toEqual([413, 'PHOTO_TOO_LARGE']);
    // without a working link the body is not even read: refused as a link, not as a size
    const stranger = await put(
      asked.upload.url.replace(/signature=[^&]*/, 'signature=x'),
      huge,
      'image/jpeg',
    );
    expect([stranger.statusCode, codeOf(stranger)]).toEqual([403, 'FILE_LINK_INVALID']);

    expect(await storedFiles()).toEqual(before);
    // nor can the photo, never uploaded, be named in a log
    expect(await api.errorOf(SUBMIT, { i: logInput(place, [asked.photoId]) }, token)).toMatchObject(
      { code: 'PHOTO_NOT_USABLE', field: 'photoIds' },
    );
    // the link still works for the right file
    expect((await put(asked.upload.url, jpegWithLocation(), 'image/jpeg')).statusCode).toBe(201);
  });

  it('a download link expires, and an altered one never works', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    const token = await tokenOf(member);
    const photoId = await uploaded(token, jpegWithLocation(), 'image/jpeg');
    const log = await api.ok<{ photos: Photo[] }>(SUBMIT, { i: logInput(place, [photoId]) }, token);
    const url = log.photos[0]?.download.url ?? 'missing';
    expect((await get(url)).statusCode).toBe(200);

    const other = await uploaded(token, jpegWithLocation(), 'image/jpeg');
    for (const altered of [
      url.replace(photoId, other),
      url.replace(/expires=(\d+)/, (_, at: string) => `expires=${String(Number(at) + 3600)}`),
      url.replace(/signature=(.)/, (_, first: string) => `signature=${first === 'A' ? 'B' : 'A'}`),
      url.split('?')[0] ?? '',
    ]) {
      const refused = await get(altered);
      expect([refused.statusCode, codeOf(refused)]).toEqual([403, 'FILE_LINK_INVALID']);
    }

    clock.advance(api.config.storage.linkTtlSeconds * 1000 + 1000);
    const expired = await get(url);
    expect([expired.statusCode, codeOf(expired)]).toEqual([403, 'FILE_LINK_INVALID']);
    // reading the log again gives a fresh link
    const fresh = await api.ok<{ items: { photos: Photo[] }[] }>(LIST, {}, await tokenOf(member));
    const again = fresh.items.flatMap((item) => item.photos).find((p) => p.id === photoId);
    expect((await get(again?.download.url ?? 'missing')).statusCode).toBe(200);
  });

  it('a photo is evidence of one service: another log cannot name it, a correction can', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    const token = await tokenOf(member);
    const photoId = await uploaded(token, jpegWithLocation(), 'image/jpeg');
    const first = await api.ok<{ id: string }>(SUBMIT, { i: logInput(place, [photoId]) }, token);
    const later = {
      ...logInput(place, [photoId]),
      startsAt: new Date(clock.now().getTime() - 1.5 * HOUR).toISOString(),
      endsAt: new Date(clock.now().getTime() - HOUR).toISOString(),
    };
    expect(await api.errorOf(SUBMIT, { i: later }, token)).toMatchObject({
      code: 'PHOTO_NOT_USABLE',
    });
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    await api.ok(
      `mutation($ids: [UUID!]!) { r: verifyDutyLogs(ids: $ids) { id } }`,
      { ids: [first.id] },
      committee,
    );
    const corrected = await api.ok<{ photos: Photo[] }>(
      `mutation($id: UUID!, $i: DutyLogInput!) { r: correctDutyLog(id: $id, input: $i) {
        photos { id } } }`,
      { id: first.id, i: { ...logInput(place, [photoId]), theme: '清扫楼道（更正）' } },
      token,
    );
    expect(corrected.photos.map((p) => p.id)).toEqual([photoId]);
  });

  it('a member cannot name another member’s photo, and the log is not written', async () => {
    const place = await createDispatchPlace(api.app);
    const owner = await createResident(api.app, place);
    const thief = await createResident(api.app, place);
    const photoId = await uploaded(await tokenOf(owner), jpegWithLocation(), 'image/jpeg');
    const thiefToken = await tokenOf(thief);
    expect(await api.errorOf(SUBMIT, { i: logInput(place, [photoId]) }, thiefToken)).toMatchObject({
      code: 'PHOTO_NOT_USABLE',
    });
    const [count] = await api.app.get(UnitOfWork).query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM duty_log WHERE member_id = ${thief.id}`);
    expect(count?.n).toBe(0);
  });

  it('photos never named in a log are removed, row and file, once a log could no longer name them', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    const token = await tokenOf(member);
    const kept = await uploaded(token, jpegWithLocation(), 'image/jpeg');
    await api.ok(SUBMIT, { i: logInput(place, [kept]) }, token);
    const dropped = await uploaded(token, jpegWithLocation(), 'image/jpeg');
    const photos = api.app.get(PhotosService);

    // ten working days may take 27 calendar days to pass (weekends, holidays)
    clock.advance(20 * 24 * HOUR);
    await photos.sweepUnattached();
    const fileOf = async (photoId: string) =>
      (await storedFiles()).filter((file) => file.startsWith(photoId));
    expect(await fileOf(dropped)).toHaveLength(1);
    clock.advance(8 * 24 * HOUR);
    await photos.sweepUnattached();
    expect(await fileOf(kept)).toHaveLength(1);
    expect(await fileOf(dropped)).toEqual([]);
    const [row] = await api.app.get(UnitOfWork).query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM photo WHERE id = ${dropped}`);
    expect(row?.n).toBe(0);
  });
});
