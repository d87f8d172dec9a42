/**
 * A piece of SQL with its parameters, composed with the {@link sql} tag.
 * Values never become SQL text: each is sent as a positional parameter, and
 * fragments nest, so scope rules and filters can be built apart and joined.
 * Hot read paths use it with raw queries, skipping entity hydration.
 */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** The statement text with `$1, $2, …` placeholders, and its parameters. */
  render(): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const text = this.write((value) => {
      values.push(value);
      return `$${String(values.length)}`;
    });
    return { text, values };
  }

  /** The text with each value replaced by what `placeholder` names it, in order. */
  write(placeholder: (value: unknown) => string): string {
    let text = this.strings[0] ?? '';
    this.values.forEach((value, i) => {
      text += value instanceof Sql ? value.write(placeholder) : placeholder(value);
      text += this.strings[i + 1] ?? '';
    });
    return text;
  }
}

/** `sql\`SELECT … WHERE id = ${id} AND ${fragment}\`` */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql(strings, values);
}

/** Trusted SQL text (an identifier or keyword chosen by code, never by input). */
export function rawSql(text: string): Sql {
  return new Sql([text], []);
}

/** Fragments joined by a separator, e.g. conditions by ` OR `; `empty` when there are none. */
export function joinSql(fragments: readonly Sql[], separator: string, empty = 'FALSE'): Sql {
  if (fragments.length === 0) return rawSql(empty);
  return new Sql(['', ...fragments.slice(1).map(() => separator), ''], fragments);
}

/** A WHERE condition with named parameters, for TypeORM's query builder. */
export interface QueryCondition {
  readonly where: string;
  readonly params: Record<string, unknown>;
}

let conditionParams = 0;

/**
 * A fragment as a query builder condition (`qb.andWhere(c.where, c.params)`),
 * so a rule written once with the {@link sql} tag also serves reads that
 * hydrate entities. Parameter names are unique across calls: one builder may
 * take several fragments, and its named parameters share one namespace.
 */
export function toCondition(fragment: Sql): QueryCondition {
  const params: Record<string, unknown> = {};
  const where = fragment.write((value) => {
    conditionParams += 1;
    const name = `sql_${String(conditionParams)}`;
    params[name] = value;
    return `:${name}`;
  });
  return { where, params };
}
