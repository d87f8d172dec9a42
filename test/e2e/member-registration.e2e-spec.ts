import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { composeIdNumber } from '#domain/members';
import { createCommunity, makeMemberInput, signIn, startTestApi, type TestApi } from '#testing';

const REGISTER = `mutation($input: RegisterMemberInput!) {
  registerMember(input: $input) { id gender birthDate }
}`;

/**
 * Gender and birth date are read from the ID number (digits 7–14 and 17);
 * the committee need not type them again, and a value it does type is only
 * a cross-check.
 */
describe('registering a member derives gender and birth date from the ID number', () => {
  let api: TestApi;
  let db: DataSource;
  let communityId: string;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    communityId = (await createCommunity(api.app)).id;
    token = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId }]);
  });

  afterAll(async () => {
    await api.close();
  });

  /** A registration without gender and birth date, whose ID number says 1961-07-23, female. */
  function withoutGenderOrBirthDate(sequence: number) {
    const idNumber = composeIdNumber({
      region: '420102',
      birthDate: '1961-07-23',
      sequence,
      gender: 'FEMALE',
    });
    const input: Record<string, unknown> = {
      ...makeMemberInput({ residenceCommunityId: communityId, idNumber }),
    };
    delete input.gender;
    delete input.birthDate;
    return input;
  }

  const membersHere = async () => {
    const [row] = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM member WHERE residence_community_id = $1',
      [communityId],
    );
    return row?.n;
  };

  it('stores the gender and birth date the ID number holds when neither is given', async () => {
    const res = await api.gql<{
      registerMember: { id: string; gender: string; birthDate: string };
    }>(REGISTER, { input: withoutGenderOrBirthDate(101) }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data?.registerMember).toMatchObject({ gender: 'FEMALE', birthDate: '1961-07-23' });
    const [stored] = await db.query<{ gender: string; birth_date: string }[]>(
      "SELECT gender, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM member WHERE id = $1",
      [res.data?.registerMember.id],
    );
    expect(stored).toEqual({ gender: 'FEMALE', birth_date: '1961-07-23' });
  });

  it('accepts matching values as a cross-check', async () => {
    const input = { ...withoutGenderOrBirthDate(102), gender: 'FEMALE', birthDate: '1961-07-23' };
    const res = await api.gql(REGISTER, { input }, { token });
    expect(res.errors).toBeUndefined();
  });

  it.each([
    ['gender', { gender: 'MALE' }],
    ['birthDate', { birthDate: '1961-07-24' }],
  ])('refuses a %s that contradicts the ID number and writes nothing', async (field, given) => {
    const before = await membersHere();
    const input = { ...withoutGenderOrBirthDate(103), ...given };
    const res = await api.gql(REGISTER, { input }, { token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.data).toBeNull();
    expect(await membersHere()).toBe(before);
  });
});
