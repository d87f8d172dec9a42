import { describe, expect, it } from '@jest/globals';
import { geodesicMeters } from './geodesic.js';

describe('geodesicMeters', () => {
  it('measures a degree of latitude as about 111 km, and nothing between a place and itself', () => {
    const wuhan = { latitude: 30.5928, longitude: 114.3055 };
    expect(geodesicMeters(wuhan, wuhan)).toBe(0);
    expect(geodesicMeters(wuhan, { ...wuhan, latitude: 31.5928 })).toBeCloseTo(111_195, -2);
    // a degree of longitude shrinks with the cosine of the latitude
    expect(geodesicMeters(wuhan, { ...wuhan, longitude: 115.3055 })).toBeCloseTo(95_760, -2);
  });
});
