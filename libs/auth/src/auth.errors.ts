import { CommonErrors, DomainError } from '#core';
import { beijingTimeAfter } from './beijing-time.js';

export const AuthErrors = {
  /** Same answer for an unknown user and a wrong password, so usernames cannot be probed. */
  invalidCredentials: () =>
    new DomainError('INVALID_CREDENTIALS', 'UNAUTHENTICATED', {
      'zh-CN': '用户名或密码错误',
      en: 'Wrong username or password',
    }),
  /** The lock holds for this client only; the account's owner still signs in from elsewhere. */
  accountLocked: (lockedUntil: Date, now: Date) => {
    const after = beijingTimeAfter(lockedUntil, now);
    return new DomainError(
      'ACCOUNT_LOCKED',
      'UNAUTHENTICATED',
      {
        'zh-CN': `密码错误次数过多，已暂停从此处登录该账号，请于 ${after['zh-CN']}（北京时间）后再试`,
        en: `Too many wrong passwords from here; try again after ${after.en} (Beijing time)`,
      },
      undefined,
      { lockedUntil: lockedUntil.toISOString() },
    );
  },
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError(
      'RATE_LIMITED',
      'RATE_LIMITED',
      {
        'zh-CN': `请求过于频繁，请 ${retryAfterSeconds} 秒后再试`,
        en: `Too many requests; try again in ${retryAfterSeconds} seconds`,
      },
      undefined,
      { retryAfterSeconds },
    ),
  refreshTokenInvalid: () =>
    new DomainError('REFRESH_TOKEN_INVALID', 'UNAUTHENTICATED', {
      'zh-CN': '登录已失效，请重新登录',
      en: 'The session has expired; please sign in again',
    }),
  refreshTokenReused: () =>
    new DomainError('REFRESH_TOKEN_REUSED', 'UNAUTHENTICATED', {
      'zh-CN': '检测到登录凭证被重复使用，已注销该会话，请重新登录',
      en: 'A used refresh token was presented again; the session was revoked, please sign in again',
    }),
  usernameTaken: () =>
    new DomainError('USERNAME_TAKEN', 'CONFLICT', {
      'zh-CN': '用户名已被占用',
      en: 'This username is taken',
    }),
  invalidUsername: () =>
    CommonErrors.invalidInput('username', {
      'zh-CN': '用户名须为 3 到 64 位字母、数字或 . _ -',
      en: 'A username is 3 to 64 letters, digits, or . _ -',
    }),
  weakPassword: (field = 'password') =>
    CommonErrors.invalidInput(field, {
      'zh-CN': '密码长度须为 10 到 128 个字符',
      en: 'A password is 10 to 128 characters long',
    }),
  wrongCurrentPassword: () =>
    new DomainError(
      'WRONG_CURRENT_PASSWORD',
      'BAD_USER_INPUT',
      { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
      'currentPassword',
    ),
  passwordUnchanged: () =>
    CommonErrors.invalidInput('newPassword', {
      'zh-CN': '新密码不能与当前密码相同',
      en: 'The new password must differ from the current one',
    }),
  accountNotFound: () => CommonErrors.notFound({ 'zh-CN': '账号', en: 'Account' }),
  roleGrantNotFound: () => CommonErrors.notFound({ 'zh-CN': '角色授权', en: 'Role grant' }),
  roleAlreadyGranted: () =>
    CommonErrors.conflict('ROLE_ALREADY_GRANTED', {
      'zh-CN': '该账号已拥有此角色',
      en: 'The account already holds this role',
    }),
  /** Resetting one's own password would skip the current-password check of changePassword. */
  resetOwnPassword: () =>
    new DomainError('OWN_ACCOUNT', 'FORBIDDEN', {
      'zh-CN': '不能重置自己的密码，请使用“修改密码”并输入当前密码',
      en: 'You cannot reset your own password; change it with your current password instead',
    }),
  disableOwnAccount: () =>
    new DomainError('OWN_ACCOUNT', 'FORBIDDEN', {
      'zh-CN': '不能停用自己的账号',
      en: 'You cannot disable your own account',
    }),
  revokeOwnOperatorGrant: () =>
    new DomainError('OWN_ACCOUNT', 'FORBIDDEN', {
      'zh-CN': '不能撤销自己的操作员角色',
      en: 'You cannot revoke your own operator role',
    }),
  invalidGrants: () =>
    CommonErrors.invalidInput('grants', {
      'zh-CN': '须授予 1 到 10 个角色，且角色范围须存在',
      en: 'Grant 1 to 10 roles, each scoped to something that exists',
    }),
  groupLeaderIsDerived: () =>
    CommonErrors.invalidInput('grants', {
      'zh-CN': '党小组组长权限随担任组长或副组长自动授予，不能单独授予',
      en: 'GROUP_LEADER comes with leading a party group and cannot be granted directly',
    }),
};
