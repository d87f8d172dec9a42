import { CommonErrors } from '../errors/domain-error.js';

/** Lists are paged; a client can never ask for more than this many rows at once. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
const MAX_OFFSET = 100_000;

export interface PageRequest {
  readonly first: number;
  readonly offset: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
}

/** Validates a client's paging arguments into a {@link PageRequest}. */
export function pageRequest(first = DEFAULT_PAGE_SIZE, offset = 0): PageRequest {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw CommonErrors.invalidInput('first', {
      'zh-CN': `每页条数须在 1 到 ${MAX_PAGE_SIZE} 之间`,
      en: `Page size must be between 1 and ${MAX_PAGE_SIZE}`,
    });
  }
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    throw CommonErrors.invalidInput('offset', {
      'zh-CN': `偏移量须在 0 到 ${MAX_OFFSET} 之间`,
      en: `Offset must be between 0 and ${MAX_OFFSET}`,
    });
  }
  return { first, offset };
}
