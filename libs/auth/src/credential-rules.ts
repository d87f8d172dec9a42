import { AuthErrors } from './auth.errors.js';

/** What every username is: 3 to 64 letters, digits, or . _ - (compared without case). */
export const USERNAME = /^[a-zA-Z0-9._-]{3,64}$/;

const MIN_PASSWORD_LENGTH = 10;
/** Longer than any real password; refused before hashing, so it cannot be used to burn CPU. */
export const MAX_PASSWORD_LENGTH = 128;

/** A password being set (new account, change, reset) is 10 to 128 characters. */
export function checkPasswordLength(password: string, field: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw AuthErrors.weakPassword(field);
  }
}
