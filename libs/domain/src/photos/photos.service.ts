import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, isUuid, ownMemberOf, type Actor, type AppConfig } from '#core';
import { sql, UnitOfWork } from '#database';
import { LinkSigner, ObjectStore, type LinkQuery } from '#storage';
import {
  MalformedImage,
  PHOTO_TYPES,
  photoTypeOf,
  withoutLocation,
  type PhotoType,
} from './photo-image.js';
import { PhotosErrors } from './photos.errors.js';

/** Where the API takes uploads and serves photos (`PUT` and `GET` on `/files/photos/<id>`). */
export const PHOTO_PATH = '/files/photos';
/** A duty log's photos at most, as a phone's share sheet picks them. */
export const MAX_PHOTOS_PER_LOG = 9;
/** Upload links a member may ask for in an hour: a day's service never needs more. */
const UPLOADS_PER_HOUR = 100;

/** A link a client follows, relative to the API's origin, and until when it works. */
export interface FileLink {
  readonly url: string;
  readonly expiresAt: Date;
}

export interface PhotoUpload {
  readonly photoId: string;
  /** `PUT` the file here with its Content-Type. */
  readonly upload: FileLink;
  readonly maxBytes: number;
}

export interface PhotoView {
  readonly id: string;
  readonly contentType: PhotoType;
  readonly bytes: number;
  /** `GET` shows it. */
  readonly download: FileLink;
}

export interface LogPhoto extends PhotoView {
  readonly logId: string;
}

export interface StoredPhoto {
  readonly body: Readable;
  readonly contentType: PhotoType;
  readonly bytes: number;
}

/**
 * Duty-log photos. The app asks for an upload link (declaring the type and
 * size, refused at once when wrong), sends the file through it, and names
 * the photo in its log. The file is checked by its bytes (type, size,
 * structure) and stored without its location; it is shown only through
 * short-lived signed links, handed to those who can read the log.
 */
@Injectable()
export class PhotosService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: ObjectStore,
    private readonly links: LinkSigner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async requestUpload(
    actor: Actor,
    input: { contentType: string; bytes: number },
  ): Promise<PhotoUpload> {
    const memberId = ownMemberOf(actor);
    if (!(PHOTO_TYPES as readonly string[]).includes(input.contentType)) throw PhotosErrors.type();
    const { maxBytes } = this.config.photos;
    if (!Number.isInteger(input.bytes) || input.bytes < 1 || input.bytes > maxBytes) {
      throw PhotosErrors.tooLarge(maxBytes);
    }
    const now = this.clock.now();
    const [row] = await this.uow.query<{ id: string | null }>(sql`
      INSERT INTO photo (member_id, content_type, declared_bytes, requested_at)
      SELECT ${memberId}, ${input.contentType}, ${input.bytes}, ${now}
       WHERE (SELECT count(*) FROM photo
               WHERE member_id = ${memberId}::uuid
                 AND requested_at > ${now}::timestamptz - interval '1 hour') < ${UPLOADS_PER_HOUR}
      RETURNING id`);
    if (!row?.id) throw PhotosErrors.quota(UPLOADS_PER_HOUR);
    return { photoId: row.id, upload: this.link('photo-upload', row.id), maxBytes };
  }

  /**
   * Whether an upload link is one of ours for this photo and still works:
   * checked before the body is read, so that no stranger can make the API
   * hold megabytes, and again by `receive`.
   */
  uploadLinkWorks(photoId: string, link: Partial<LinkQuery>): boolean {
    return isUuid(photoId) && this.links.verify('photo-upload', photoId, link);
  }

  /**
   * Takes the file an upload link was given for, once: its bytes must be
   * the type asked for, no larger than declared, and a whole image; what
   * is stored has no location. The file goes under a key of this upload's
   * own before the row names it, so a second upload racing this one can
   * neither mix its bytes in nor hold a row lock while it writes.
   */
  async receive(photoId: string, link: Partial<LinkQuery>, body: Buffer): Promise<PhotoView> {
    if (!this.uploadLinkWorks(photoId, link)) throw PhotosErrors.link();
    const [photo] = await this.uow.query<{
      contentType: PhotoType;
      declaredBytes: number;
      stored: boolean;
    }>(sql`
      SELECT content_type AS "contentType", declared_bytes AS "declaredBytes",
             stored_at IS NOT NULL AS stored
        FROM photo WHERE id = ${photoId}::uuid`);
    if (!photo) throw PhotosErrors.notFound();
    if (photo.stored) throw PhotosErrors.alreadyUploaded();
    if (body.length > Math.min(photo.declaredBytes, this.config.photos.maxBytes)) {
      throw PhotosErrors.tooLarge(Math.min(photo.declaredBytes, this.config.photos.maxBytes));
    }
    if (photoTypeOf(body) !== photo.contentType) throw PhotosErrors.contentMismatch();
    const stored = cleaned(body, photo.contentType);
    const key = `photos/${photoId.toLowerCase()}-${randomBytes(6).toString('hex')}`;
    await this.store.put(key, stored);
    const [taken] = await this.uow.query<{ id: string }>(sql`
      UPDATE photo SET stored_at = ${this.clock.now()}, bytes = ${stored.length},
                       storage_key = ${key}
       WHERE id = ${photoId}::uuid AND stored_at IS NULL
      RETURNING id`);
    if (!taken) {
      await this.store.delete(key);
      throw PhotosErrors.alreadyUploaded();
    }
    return this.viewOf({ id: photoId, contentType: photo.contentType, bytes: stored.length });
  }

  /** The photo a download link was given for. */
  async open(photoId: string, link: Partial<LinkQuery>): Promise<StoredPhoto> {
    if (!isUuid(photoId) || !this.links.verify('photo', photoId, link)) {
      throw PhotosErrors.link();
    }
    const [photo] = await this.uow.query<{
      contentType: PhotoType;
      bytes: number;
      key: string;
    }>(sql`
      SELECT content_type AS "contentType", bytes, storage_key AS key FROM photo
       WHERE id = ${photoId}::uuid AND stored_at IS NOT NULL`);
    const body = photo && (await this.store.get(photo.key));
    if (!photo || !body) throw PhotosErrors.notFound();
    return { body, contentType: photo.contentType, bytes: photo.bytes };
  }

  /**
   * The photos of the logs, each log's in the order the member gave them,
   * with fresh download links; the caller has decided the logs are readable.
   */
  async ofLogs(logIds: readonly string[]): Promise<LogPhoto[]> {
    const rows = await this.uow.query<{
      logId: string;
      id: string;
      contentType: PhotoType;
      bytes: number;
    }>(sql`
      SELECT lp.duty_log_id AS "logId", p.id, p.content_type AS "contentType", p.bytes
        FROM duty_log_photo lp JOIN photo p ON p.id = lp.photo_id
       WHERE lp.duty_log_id = ANY(${logIds}::uuid[])
       ORDER BY lp.duty_log_id, lp.position`);
    return rows.map(({ logId, ...photo }) => ({ logId, ...this.viewOf(photo) }));
  }

  /**
   * Attaches photos to a log just written, in the caller's transaction:
   * each must be the member's own, uploaded, and evidence of no other
   * service (a photo in a log of another lineage: a correction may show
   * the photos of the log it corrects, another log may not); the whole
   * write fails otherwise. The photos are locked first, so that two logs
   * written at once cannot both take one.
   */
  async attach(logId: string, memberId: string, photoIds: readonly string[]): Promise<void> {
    if (photoIds.length === 0) return;
    await this.uow.query(sql`
      SELECT id FROM photo WHERE id = ANY(${photoIds}::uuid[]) ORDER BY id FOR UPDATE`);
    const attached = await this.uow.query(sql`
      INSERT INTO duty_log_photo (duty_log_id, photo_id, position)
      SELECT ${logId}, p.id, given.position - 1
        FROM unnest(${photoIds}::uuid[]) WITH ORDINALITY AS given (id, position)
        JOIN photo p ON p.id = given.id
        JOIN duty_log mine ON mine.id = ${logId}::uuid
       WHERE p.member_id = ${memberId}::uuid AND p.stored_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM duty_log_photo lp JOIN duty_log l ON l.id = lp.duty_log_id
                          WHERE lp.photo_id = p.id AND l.lineage_id <> mine.lineage_id)
      RETURNING photo_id`);
    if (attached.length !== photoIds.length) throw PhotosErrors.notUsable();
  }

  /**
   * Removes the photos never attached to a log long after they were asked
   * for, one at a time: its row and its file in one transaction, so that a
   * file that cannot be removed keeps its row, to be tried again next time.
   */
  async sweepUnattached(): Promise<number> {
    const days = unattachedDays(this.config.dutyLogs.maxAgeWorkingDays);
    const stale = await this.uow.query<{ id: string }>(sql`
      SELECT id FROM photo p
       WHERE requested_at < ${this.clock.now()}::timestamptz - make_interval(days => ${days})
         AND NOT EXISTS (SELECT 1 FROM duty_log_photo lp WHERE lp.photo_id = p.id)
       LIMIT 1000`);
    let swept = 0;
    for (const { id } of stale) {
      await this.uow.run(async () => {
        const [gone] = await this.uow.query<{ key: string | null }>(sql`
          DELETE FROM photo p WHERE id = ${id}::uuid
             AND NOT EXISTS (SELECT 1 FROM duty_log_photo lp WHERE lp.photo_id = p.id)
          RETURNING storage_key AS key`);
        if (gone?.key) await this.store.delete(gone.key);
        if (gone) swept += 1;
      });
    }
    return swept;
  }

  private viewOf(photo: { id: string; contentType: PhotoType; bytes: number }): PhotoView {
    return { ...photo, download: this.link('photo', photo.id) };
  }

  private link(purpose: 'photo' | 'photo-upload', photoId: string): FileLink {
    const { expires, signature, expiresAt } = this.links.sign(purpose, photoId);
    return { url: `${PHOTO_PATH}/${photoId}?expires=${expires}&signature=${signature}`, expiresAt };
  }
}

/**
 * How long an unattached photo is kept: past the time a log may still be
 * submitted (its age limit in working days, doubled to cover weekends and
 * holidays, and a week more), so that an app that uploaded its photos and
 * then lost its connection can still submit the log when it is back.
 */
export function unattachedDays(maxAgeWorkingDays: number): number {
  return maxAgeWorkingDays * 2 + 7;
}

function cleaned(body: Buffer, type: PhotoType): Buffer {
  try {
    return withoutLocation(body, type);
  } catch (error) {
    if (error instanceof MalformedImage) throw PhotosErrors.malformed();
    throw error;
  }
}
