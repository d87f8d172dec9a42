import { sqlState } from './unit-of-work.js';

/** The integrity constraints PostgreSQL enforces, by SQLSTATE. */
const KINDS = {
  '23505': 'unique',
  '23503': 'foreignKey',
  '23514': 'check',
  '23P01': 'exclusion',
} as const;

export type ConstraintKind = (typeof KINDS)[keyof typeof KINDS];

/**
 * What a feature answers when a constraint refuses its write: a domain error
 * per kind of constraint, or per constraint name where one table has several
 * of a kind (a name wins over its kind).
 */
export interface ConstraintErrors {
  readonly unique?: () => Error;
  readonly foreignKey?: () => Error;
  readonly check?: () => Error;
  readonly exclusion?: () => Error;
  readonly byName?: Readonly<Record<string, () => Error>>;
}

/** The kind and name of the constraint that refused a write, or null for any other error. */
export function constraintViolation(
  error: unknown,
): { readonly kind: ConstraintKind; readonly constraint: string | undefined } | null {
  const state = sqlState(error);
  const kind = state === undefined ? undefined : KINDS[state as keyof typeof KINDS];
  if (!kind) return null;
  const driverError = (error as { driverError?: { constraint?: unknown } }).driverError;
  const constraint = driverError?.constraint ?? (error as { constraint?: unknown }).constraint;
  return { kind, constraint: typeof constraint === 'string' ? constraint : undefined };
}

/**
 * Runs a write and turns the constraint violations it names into domain
 * errors; anything else is rethrown as it came. Constraints decide the races
 * a check before the write cannot see (two registrations of one ID number at
 * the same moment): their violation becomes the error the check would give.
 */
export async function mapConstraintViolations<T>(
  work: () => Promise<T>,
  errors: ConstraintErrors,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const violation = constraintViolation(error);
    const mapped =
      violation &&
      ((violation.constraint !== undefined ? errors.byName?.[violation.constraint] : undefined) ??
        errors[violation.kind]);
    if (mapped) throw mapped();
    throw error;
  }
}
