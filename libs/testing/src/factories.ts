import { randomInt, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { Actor, RoleGrant } from '#core';
import { AccountsService, AuthService } from '#auth';
import {
  composeIdNumber,
  MembersService,
  type MemberView,
  type RegisterMemberInput,
} from '#domain/members';
import { SecondmentService } from '#domain/secondment';
import {
  OrganisationService,
  PairingsService,
  type Community,
  type Courtyard,
  type Unit,
} from '#domain/organisation';

/**
 * Builders for test data. Every test makes its own community, unit, members
 * and accounts, with unique names, so tests never depend on shared fixtures
 * or on each other's order.
 */
export function operatorActor(): Actor {
  return {
    accountId: randomUUID(),
    grants: [{ role: 'OPERATOR' }],
    requestId: `test-${randomUUID()}`,
  };
}

export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function randomPhone(): string {
  return `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

/** A valid registration for a resident member; override any field. */
export function makeMemberInput(overrides: Partial<RegisterMemberInput> = {}): RegisterMemberInput {
  const gender = overrides.gender ?? (randomInt(2) === 0 ? 'MALE' : 'FEMALE');
  const birthDate =
    overrides.birthDate ??
    `${randomInt(1945, 2000)}-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;
  return {
    kind: 'RESIDENT',
    name: '测试党员',
    gender,
    birthDate,
    phone: randomPhone(),
    idNumber: composeIdNumber({
      region: String(randomInt(110_000, 660_000)),
      birthDate,
      sequence: randomInt(0, 500),
      gender,
    }),
    skills: [],
    availability: [],
    physicalCondition: 'GOOD',
    ...overrides,
  };
}

export async function createCommunity(
  app: INestApplicationContext,
  name = unique('社区'),
): Promise<Community> {
  return app.get(OrganisationService).createCommunity(operatorActor(), { name });
}

export async function createCourtyard(
  app: INestApplicationContext,
  communityId: string,
): Promise<Courtyard> {
  return app
    .get(OrganisationService)
    .createCourtyard(operatorActor(), { communityId, name: unique('小区'), kind: 'COMPOUND' });
}

/** A unit, paired with the given communities. */
export async function createUnit(
  app: INestApplicationContext,
  pairedWith: string[] = [],
): Promise<Unit> {
  const organisation = app.get(OrganisationService);
  const unit = await organisation.createUnit(operatorActor(), {
    name: unique('单位'),
    kind: 'GOVERNMENT_ORGAN',
  });
  for (const communityId of pairedWith) {
    await app.get(PairingsService).pairUnit(operatorActor(), { unitId: unit.id, communityId });
  }
  return unit;
}

export async function createMember(
  app: INestApplicationContext,
  overrides: Partial<RegisterMemberInput> = {},
): Promise<{ member: MemberView; input: RegisterMemberInput }> {
  const input = makeMemberInput(overrides);
  return { member: await app.get(MembersService).register(operatorActor(), input), input };
}

/**
 * A seconded member of the unit serving in the community: sent by the unit
 * and accepted by the committee, so their secondment there is ACTIVE.
 */
export async function createServingMember(
  app: INestApplicationContext,
  place: { unitId: string; communityId: string },
  overrides: Partial<RegisterMemberInput> = {},
): Promise<{ member: MemberView; input: RegisterMemberInput }> {
  const created = await createMember(app, { kind: 'SECONDED', unitId: place.unitId, ...overrides });
  const secondments = app.get(SecondmentService);
  const [sent] = await secondments.batchReportIn(operatorActor(), {
    ...place,
    memberIds: [created.member.id],
  });
  if (!sent) throw new Error('the batch report-in sent nobody');
  await secondments.accept(operatorActor(), sent.id);
  return created;
}

/** An account holding `grants`, signed in: returns its access token. */
export async function signIn(app: INestApplicationContext, grants: RoleGrant[]): Promise<string> {
  const username = unique('user');
  const password = `pw-${randomUUID()}`;
  await app.get(AccountsService).createAccount(operatorActor(), { username, password, grants });
  const tokens = await app
    .get(AuthService)
    .login({ username, password }, { requestId: 'test', address: '127.0.0.1' });
  return tokens.accessToken;
}
