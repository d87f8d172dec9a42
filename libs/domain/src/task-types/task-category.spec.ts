import { describe, expect, it } from '@jest/globals';
import { categoryOf, type KnowledgeLevel, type TaskCategory } from './task-category.js';

describe('categoryOf', () => {
  // [basic, professional, category]: all nine combinations.
  const table: [KnowledgeLevel, KnowledgeLevel, TaskCategory][] = [
    ['LOW', 'LOW', 'ROUTINE'],
    ['MEDIUM', 'LOW', 'ROUTINE'],
    ['HIGH', 'LOW', 'ROUTINE'],
    ['LOW', 'HIGH', 'PROFESSIONAL'],
    ['MEDIUM', 'HIGH', 'JOINT'],
    ['HIGH', 'HIGH', 'JOINT'],
    ['LOW', 'MEDIUM', 'JOINT'],
    ['MEDIUM', 'MEDIUM', 'JOINT'],
    ['HIGH', 'MEDIUM', 'JOINT'],
  ];

  it.each(table)('basic %s, professional %s is %s', (basic, professional, category) => {
    expect(categoryOf(basic, professional)).toBe(category);
  });
});
