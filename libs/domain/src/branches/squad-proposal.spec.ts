import { describe, expect, it } from '@jest/globals';
import { proposeSquads, type SquadCandidate } from './squad-proposal.js';

const SPECIALTIES = ['政策咨询', '宣传动员', '轮流值守', '物资调度', '心理疏导', '法律援助'];

function educationBureau(): SquadCandidate[] {
  // 22 members as in seed 004: some with a specialty, a few in frail health.
  return Array.from({ length: 22 }, (_, i) => ({
    id: `m${String(i)}`,
    skills: i < 12 ? [SPECIALTIES[i % 6] ?? ''] : ['教学'],
    physicalCondition: i % 7 === 3 ? 'FRAIL' : i % 5 === 4 ? 'LIMITED' : 'GOOD',
    residenceCourtyardId: `c${String(i % 4)}`,
  }));
}

describe('proposeSquads', () => {
  it('places every member exactly once in squads of even size', () => {
    const squads = proposeSquads(educationBureau(), SPECIALTIES);
    const ids = squads.flatMap((s) => s.memberIds).sort();
    expect(ids).toEqual(
      educationBureau()
        .map((m) => m.id)
        .sort(),
    );
    const sizes = squads.map((s) => s.memberIds.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('puts members with a specialty in its squad', () => {
    const squads = proposeSquads(educationBureau(), SPECIALTIES);
    for (const candidate of educationBureau().slice(0, 12)) {
      const squad = squads.find((s) => s.memberIds.includes(candidate.id));
      expect(candidate.skills).toContain(squad?.specialty);
    }
  });

  it('spreads members in limited or frail health so every squad has able hands', () => {
    const members = educationBureau();
    const condition = new Map(members.map((m) => [m.id, m.physicalCondition]));
    // 7 of the 22 are unwell: an even spread over 6 squads is at most 2 each.
    for (const squad of proposeSquads(members, SPECIALTIES)) {
      const able = squad.memberIds.filter((id) => condition.get(id) === 'GOOD').length;
      expect(squad.memberIds.length - able).toBeLessThanOrEqual(2);
      expect(able).toBeGreaterThanOrEqual(2);
    }
  });

  it('is deterministic', () => {
    expect(proposeSquads(educationBureau(), SPECIALTIES)).toEqual(
      proposeSquads(educationBureau(), SPECIALTIES),
    );
  });
});
