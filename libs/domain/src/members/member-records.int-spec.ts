import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Actor } from '#core';
import {
  createCommunity,
  createMember,
  createServingMember,
  createUnit,
  startTestApi,
  type TestApi,
} from '#testing';
import { MemberRecords, ruleCheck } from './member-records.js';
import { normalizePhone } from './phone.js';

function adminOf(communityId: string): Actor {
  return {
    accountId: randomUUID(),
    requestId: 'records',
    grants: [{ role: 'COMMUNITY_ADMIN', communityId }],
  };
}

/**
 * Other features read the member table only through MemberRecords, in a
 * scope: an actor's (who sees what visibleMembers gives them) or a named
 * rule check. What they read are facts, never personal data.
 */
describe('MemberRecords', () => {
  let api: TestApi;
  let records: MemberRecords;

  beforeAll(async () => {
    api = await startTestApi();
    records = api.app.get(MemberRecords);
  });

  afterAll(async () => {
    await api.close();
  });

  it("reads in the actor's scope, or beyond it only for a named rule", async () => {
    const here = await createCommunity(api.app);
    const there = await createCommunity(api.app);
    const { member: mine } = await createMember(api.app, { residenceCommunityId: here.id });
    const { member: theirs } = await createMember(api.app, { residenceCommunityId: there.id });
    const ids = [mine.id, theirs.id];

    const seen = await records.byIds(adminOf(here.id), ids);
    expect(seen.map((m) => m.id)).toEqual([mine.id]);
    expect(await records.byId(adminOf(here.id), theirs.id)).toBeNull();

    const checked = await records.byIds(ruleCheck('a test of rule checks'), ids);
    expect(checked.map((m) => m.id).sort()).toEqual([...ids].sort());
    expect(Object.keys(checked[0] ?? {}).sort()).toEqual([
      'id',
      'kind',
      'name',
      'physicalCondition',
      'residenceCommunityId',
      'residenceCourtyardId',
      'skills',
      'unitId',
    ]);
  });

  it('finds the members a unit has serving in a community, within scope', async () => {
    const here = await createCommunity(api.app);
    const elsewhere = await createCommunity(api.app);
    const unit = await createUnit(api.app, [here.id]);
    const { member } = await createServingMember(api.app, {
      unitId: unit.id,
      communityId: here.id,
    });
    const place = { unitId: unit.id, communityId: here.id };
    const serving = await records.servingFor(adminOf(here.id), place);
    expect(serving.map((m) => m.id)).toEqual([member.id]);
    expect(serving[0]?.unitId).toBe(unit.id);
    expect(await records.servingFor(adminOf(elsewhere.id), place)).toEqual([]);
  });

  it('gives the phone, decrypted, only to a named rule', async () => {
    const community = await createCommunity(api.app);
    const { member, input } = await createMember(api.app, { residenceCommunityId: community.id });
    const contacts = await records.contacts(ruleCheck('a test of deliveries'), [
      member.id,
      randomUUID(),
    ]);
    expect(contacts.map((c) => ({ id: c.id, phone: c.phone }))).toEqual([
      { id: member.id, phone: normalizePhone(input.phone) },
    ]);
  });
});
