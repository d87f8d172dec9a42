import { CommonErrors, DomainError } from '#core';

export const PhotosErrors = {
  type: () =>
    CommonErrors.invalidInput('contentType', {
      'zh-CN': '照片须为 JPEG、PNG 或 HEIC 格式',
      en: 'A photo is JPEG, PNG or HEIC',
    }),
  /** The bytes are not the type the upload was asked for (or not an image at all). */
  contentMismatch: () =>
    new DomainError('PHOTO_TYPE_MISMATCH', 'BAD_USER_INPUT', {
      'zh-CN': '文件内容与申请上传的照片格式不符',
      en: 'The file is not the type of photo the upload was asked for',
    }),
  tooLarge: (maxBytes: number) =>
    new DomainError(
      'PHOTO_TOO_LARGE',
      'BAD_USER_INPUT',
      {
        'zh-CN': `照片不能超过 ${megabytes(maxBytes)} MB`,
        en: `A photo is at most ${megabytes(maxBytes)} MB`,
      },
      'bytes',
      { maxBytes },
    ),
  malformed: () =>
    new DomainError('PHOTO_MALFORMED', 'BAD_USER_INPUT', {
      'zh-CN': '文件不是完整有效的图片',
      en: 'The file is not a whole, valid image',
    }),
  /** A link that is not one of ours, is for another photo or purpose, or has expired. */
  link: () =>
    new DomainError('FILE_LINK_INVALID', 'FORBIDDEN', {
      'zh-CN': '链接无效或已过期，请重新获取',
      en: 'The link is invalid or has expired; ask for a new one',
    }),
  alreadyUploaded: () =>
    new DomainError('PHOTO_ALREADY_UPLOADED', 'CONFLICT', {
      'zh-CN': '这张照片已经上传',
      en: 'This photo has already been uploaded',
    }),
  notFound: () => CommonErrors.notFound({ 'zh-CN': '照片', en: 'Photo' }),
  tooMany: (max: number) =>
    CommonErrors.invalidInput('photoIds', {
      'zh-CN': `一条纪实最多 ${String(max)} 张照片`,
      en: `A duty log has at most ${String(max)} photos`,
    }),
  /** Not the member's, not uploaded yet, or no such photo: the same answer for each. */
  notUsable: () =>
    new DomainError(
      'PHOTO_NOT_USABLE',
      'BAD_USER_INPUT',
      {
        'zh-CN': '照片不存在、尚未上传完成或不属于您',
        en: 'A photo does not exist, has not finished uploading or is not yours',
      },
      'photoIds',
    ),
  quota: (perHour: number) =>
    new DomainError(
      'PHOTO_QUOTA',
      'RATE_LIMITED',
      {
        'zh-CN': `每小时最多上传 ${String(perHour)} 张照片，请稍后再试`,
        en: `At most ${String(perHour)} photo uploads an hour; try again later`,
      },
      undefined,
      { retryAfterSeconds: 3600 },
    ),
};

function megabytes(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 10) / 10);
}
