import { describe, expect, it } from '@jest/globals';
import { joinSql, rawSql, sql, toCondition } from './sql.js';

describe('sql', () => {
  it('numbers parameters across nested fragments in order', () => {
    const scope = joinSql([sql`a = ANY(${['x']})`, sql`b = ${2}`], ' OR ');
    const query = sql`SELECT 1 FROM t WHERE c = ${'c'} AND (${scope}) LIMIT ${10}`;
    expect(query.render()).toEqual({
      text: 'SELECT 1 FROM t WHERE c = $1 AND (a = ANY($2) OR b = $3) LIMIT $4',
      values: ['c', ['x'], 2, 10],
    });
  });

  it('keeps values out of the text, whatever they contain', () => {
    const evil = "'; DROP TABLE member; --";
    expect(sql`SELECT ${evil}`.render()).toEqual({ text: 'SELECT $1', values: [evil] });
  });

  it('joins nothing into the given constant, and inlines trusted text', () => {
    expect(joinSql([], ' OR ').render().text).toBe('FALSE');
    expect(joinSql([], ' AND ', 'TRUE').render().text).toBe('TRUE');
    expect(sql`ORDER BY ${rawSql('m.name')}`.render()).toEqual({
      text: 'ORDER BY m.name',
      values: [],
    });
  });

  it('becomes a query builder condition whose parameter names no other condition shares', () => {
    const scope = toCondition(sql`(a = ANY(${['x']}) OR ${sql`b = ${2}`})`);
    const other = toCondition(sql`c = ${'c'}`);
    const [first, second] = Object.keys(scope.params);
    const [third] = Object.keys(other.params);
    expect(scope.where).toBe(`(a = ANY(:${String(first)}) OR b = :${String(second)})`);
    expect(Object.values(scope.params)).toEqual([['x'], 2]);
    expect(other).toEqual({ where: `c = :${String(third)}`, params: { [String(third)]: 'c' } });
    expect(new Set([first, second, third]).size).toBe(3);
  });
});
