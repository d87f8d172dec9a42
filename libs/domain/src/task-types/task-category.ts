export const KNOWLEDGE_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type KnowledgeLevel = (typeof KNOWLEDGE_LEVELS)[number];

export const TASK_CATEGORIES = ['ROUTINE', 'PROFESSIONAL', 'JOINT'] as const;
export type TaskCategory = (typeof TASK_CATEGORIES)[number];

/**
 * The one rule that routes a task type (docs/domain.md, "Task types"): work
 * that needs little professional knowledge is ROUTINE and goes to residents,
 * who know the place; work that needs high professional knowledge but little
 * local knowledge is PROFESSIONAL and goes to seconded members with the
 * skill; everything in between needs both and is JOINT. Professional
 * knowledge is read first, so LOW professional is ROUTINE whatever the basic
 * level.
 */
export function categoryOf(basic: KnowledgeLevel, professional: KnowledgeLevel): TaskCategory {
  if (professional === 'LOW') return 'ROUTINE';
  if (professional === 'HIGH' && basic === 'LOW') return 'PROFESSIONAL';
  return 'JOINT';
}
