import { CommonErrors, DomainError } from '#core';

export const AuthErrors = {
  /** Same answer for an unknown user and a wrong password, so usernames cannot be probed. */
  invalidCredentials: () =>
    new DomainError('INVALID_CREDENTIALS', 'UNAUTHENTICATED', {
      'zh-CN': '用户名或密码错误',
      en: 'Wrong username or password',
    }),
  accountLocked: () =>
    new DomainError('ACCOUNT_LOCKED', 'UNAUTHENTICATED', {
      'zh-CN': '登录失败次数过多，账号已暂时锁定，请稍后再试',
      en: 'Too many failed logins; the account is locked for a while',
    }),
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
  weakPassword: () =>
    CommonErrors.invalidInput('password', {
      'zh-CN': '密码长度须为 10 到 128 个字符',
      en: 'A password is 10 to 128 characters long',
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
