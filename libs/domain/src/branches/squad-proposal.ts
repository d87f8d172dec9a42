import type { PhysicalCondition } from '#domain/members';

export interface SquadCandidate {
  readonly id: string;
  readonly skills: readonly string[];
  readonly physicalCondition: PhysicalCondition;
  readonly residenceCourtyardId: string | null;
}

export interface ProposedSquad {
  readonly specialty: string;
  readonly memberIds: string[];
}

const SKILL_MATCH = 10;
const NEIGHBOUR = 2;
const FRAILTY_CROWDING = 6;

function matches(candidate: SquadCandidate, specialty: string): boolean {
  return candidate.skills.some((skill) => skill.includes(specialty) || specialty.includes(skill));
}

/**
 * Splits a unit's seconded members into squads, the way the education
 * bureau's 22 members were split into 6 (seed 004): by professional
 * specialty first, then social relations (neighbours from one courtyard stay
 * together), then physical condition (members in limited or frail health are
 * spread out, so no squad lacks able hands). Squads are kept even in size.
 * Deterministic: the same members and specialties give the same proposal,
 * which the committee then accepts or edits.
 */
export function proposeSquads(
  candidates: readonly SquadCandidate[],
  specialties: readonly string[],
): ProposedSquad[] {
  const squads = specialties.map((specialty) => ({
    specialty,
    members: [] as SquadCandidate[],
  }));
  if (squads.length === 0) return [];
  const capacity = Math.ceil(candidates.length / squads.length);
  const order = { GOOD: 0, LIMITED: 1, FRAIL: 2 } as const;
  // Members with a matching specialty are placed first (they anchor the
  // squads), then able members, then those in poorer health, so the able can
  // go where hands are short; the sort is stable for equal keys.
  const skilled = (c: SquadCandidate) => Number(specialties.some((s) => matches(c, s)));
  const queue = [...candidates].sort(
    (a, b) => skilled(b) - skilled(a) || order[a.physicalCondition] - order[b.physicalCondition],
  );
  for (const candidate of queue) {
    let best = -1;
    let bestScore = -Infinity;
    squads.forEach((squad, index) => {
      if (squad.members.length >= capacity) return;
      const neighbours = squad.members.filter(
        (m) =>
          candidate.residenceCourtyardId !== null &&
          m.residenceCourtyardId === candidate.residenceCourtyardId,
      ).length;
      const unwell = squad.members.filter((m) => m.physicalCondition !== 'GOOD').length;
      const shortOfHands = unwell > 0 && unwell * 2 >= squad.members.length;
      const able = candidate.physicalCondition === 'GOOD';
      const score =
        (matches(candidate, squad.specialty) ? SKILL_MATCH : 0) +
        Math.min(neighbours, 2) * NEIGHBOUR +
        (shortOfHands ? (able ? FRAILTY_CROWDING : -FRAILTY_CROWDING) : 0) -
        squad.members.length;
      if (score > bestScore) {
        bestScore = score;
        best = index;
      }
    });
    squads[best]?.members.push(candidate);
  }
  return squads.map((squad) => ({
    specialty: squad.specialty,
    memberIds: squad.members.map((m) => m.id),
  }));
}
