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
    const text = this.write(values);
    return { text, values };
  }

  private write(values: unknown[]): string {
    let text = this.strings[0] ?? '';
    this.values.forEach((value, i) => {
      if (value instanceof Sql) {
        text += value.write(values);
      } else {
        values.push(value);
        text += `$${String(values.length)}`;
      }
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
