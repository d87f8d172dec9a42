import { describe, expect, it } from '@jest/globals';
import type { Actor } from '#core';
import { byId, FeatureLoaders, grouped, lazily, RequestLoaders } from './loaders.js';

/** A feature whose loaders count how often they are built. */
class CountingLoaders extends FeatureLoaders<{ actor: Actor | null; n: number }> {
  built = 0;

  protected create(actor: Actor | null) {
    this.built += 1;
    return { actor, n: this.built };
  }
}

const actor: Actor = { accountId: 'a', requestId: 'r', grants: [{ role: 'OPERATOR' }] };

describe('request loaders', () => {
  it("builds a feature's loaders once per request, for that request's actor, on first use", () => {
    const feature = new CountingLoaders();
    const first = new RequestLoaders(actor);
    expect(feature.built).toBe(0);
    expect(feature.of(first)).toBe(feature.of(first));
    expect(feature.of(first)).toEqual({ actor, n: 1 });
    const second = new RequestLoaders(null);
    expect(feature.of(second)).toEqual({ actor: null, n: 2 });
    expect(new CountingLoaders().of(first).n).toBe(1);
  });

  it('builds each property of a lazy set only when read', () => {
    let built = 0;
    const set = lazily({ a: () => ++built, b: () => ++built });
    expect(built).toBe(0);
    expect(set.b).toBe(1);
    expect(set.b).toBe(1);
    expect(built).toBe(1);
  });

  it('answers in the order of the ids asked for', () => {
    const rows = [
      { id: '2', parent: 'y' },
      { id: '1', parent: 'x' },
      { id: '3', parent: 'x' },
    ];
    expect(byId(rows, ['1', '9', '2'])).toEqual([rows[1], null, rows[0]]);
    expect(grouped(rows, ['x', 'z'], (r) => r.parent)).toEqual([[rows[1], rows[2]], []]);
  });
});
