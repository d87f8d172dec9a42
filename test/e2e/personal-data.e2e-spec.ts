import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { withClient } from '#database';
import {
  createCommunity,
  createUnit,
  makeMemberInput,
  signIn,
  startTestApi,
  type TestApi,
} from '#testing';

const REGISTER = `mutation($input: RegisterMemberInput!) {
  registerMember(input: $input) { id phone idNumber }
}`;

/** Phones and ID numbers: encrypted at rest, masked outside scope, audited when read from afar, never logged. */
describe('personal data', () => {
  let api: TestApi;
  let db: DataSource;
  let communityId: string;
  let unitId: string;
  let admin: string;
  let hr: string;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    communityId = (await createCommunity(api.app)).id;
    unitId = (await createUnit(api.app, [communityId])).id;
    admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId }]);
    hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId }]);
  });

  afterAll(async () => {
    await api.close();
  });

  it('stores phone and ID number only encrypted, and keeps a keyed hash for lookup', async () => {
    const input = makeMemberInput({
      residenceCommunityId: communityId,
      phone: '+86 139-1111-2222',
    });
    const res = await api.gql<{ registerMember: { id: string; phone: string; idNumber: string } }>(
      REGISTER,
      { input },
      { token: admin },
    );
    expect(res.errors).toBeUndefined();
    // The committee of the member's own community sees them in clear, normalised.
    expect(res.data?.registerMember.phone).toBe('13911112222');
    expect(res.data?.registerMember.idNumber).toBe(input.idNumber);

    const [row] = await db.query<Record<string, unknown>[]>('SELECT * FROM member WHERE id = $1', [
      res.data?.registerMember.id,
    ]);
    const raw = JSON.stringify(row, (_k, v: unknown) =>
      typeof v === 'object' && v !== null && (v as { type?: string }).type === 'Buffer'
        ? Buffer.from((v as { data: number[] }).data).toString('latin1')
        : v,
    );
    expect(raw).not.toContain('13911112222');
    expect(raw).not.toContain(input.idNumber);
    expect(row?.phone_hash).toBeInstanceOf(Buffer);
  });

  it('audits clear reads by unit HR, one line per member, and never for masked reads', async () => {
    const input = makeMemberInput({ kind: 'SECONDED', unitId });
    const created = await api.gql<{ registerMember: { id: string } }>(
      REGISTER,
      { input },
      { token: hr },
    );
    const id = created.data!.registerMember.id;
    const before = await db.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'member.personal_data.read' AND entity_id = $1`,
      [id],
    );
    const read = await api.gql<{ member: { phone: string } }>(
      'query($id: UUID!) { member(id: $id) { phone idNumber } }',
      { id },
      { token: hr },
    );
    expect(read.data?.member.phone).toBe(input.phone);
    // The paired committee sees the same member masked, which is not audited as a read.
    const masked = await api.gql<{ member: { phone: string } }>(
      'query($id: UUID!) { member(id: $id) { phone } }',
      { id },
      { token: admin },
    );
    expect(masked.data?.member.phone).toBe(`${input.phone.slice(0, 3)}****${input.phone.slice(7)}`);
    const after = await db.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'member.personal_data.read' AND entity_id = $1`,
      [id],
    );
    expect(Number(after[0]!.n) - Number(before[0]!.n)).toBe(1);
  });

  it('keeps the audit log append-only, even for the owner of the schema', async () => {
    // The apps' role may not even try (libs/database/src/app-role.int-spec.ts); the trigger stops the owner.
    await withClient(api.config.database.ownerUrl, async (owner) => {
      await expect(owner.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow('append-only');
      await expect(owner.query('DELETE FROM audit_log')).rejects.toThrow('append-only');
      await expect(owner.query('TRUNCATE audit_log')).rejects.toThrow('append-only');
    });
  });

  it('never writes a phone or ID number of the test data to the logs', async () => {
    const inputs = [
      makeMemberInput({ residenceCommunityId: communityId }),
      makeMemberInput({ kind: 'SECONDED', unitId }),
    ];
    for (const input of inputs) {
      await api.gql(REGISTER, { input }, { token: admin });
      await api.gql(REGISTER, { input }, { token: hr });
      // A failing call too: errors are where personal data most often leaks.
      await api.gql(
        REGISTER,
        { input: { ...input, idNumber: `${input.idNumber.slice(0, 17)}Y` } },
        { token: hr },
      );
    }
    const lines = api.logLines();
    expect(lines.length).toBeGreaterThan(0);
    const text = lines.join('\n');
    for (const input of inputs) {
      expect(text).not.toContain(input.phone);
      expect(text).not.toContain(input.idNumber);
      expect(text).not.toContain(input.idNumber.slice(0, 17));
    }
  });
});
