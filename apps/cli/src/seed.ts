import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule, type Actor, type AppConfig, type Logger, type RoleGrant } from '#core';
import { AccountsService, AuthModule } from '#auth';
import { DatabaseModule, UnitOfWork } from '#database';
import { AuditModule } from '#domain/audit';
import { composeIdNumber, MembersModule, MembersService, type MemberView } from '#domain/members';
import {
  Community,
  OrganisationModule,
  OrganisationService,
  type Courtyard,
} from '#domain/organisation';
import { QueueModule } from '#queue';
import {
  DEMO_AVAILABILITY,
  DEMO_COMMUNITY,
  DEMO_COURTYARDS,
  DEMO_PASSWORD,
  DEMO_RESIDENTS,
  DEMO_SECONDED,
  DEMO_UNITS,
  type DemoMember,
} from './demo-data.js';

/** The seed acts as the system: an operator with a fixed, recognisable id in the audit log. */
const SYSTEM_ACTOR: Actor = {
  accountId: '00000000-0000-4000-8000-000000000000',
  grants: [{ role: 'OPERATOR' }],
  requestId: 'seed',
};

function first<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error('demo data is empty');
  return item;
}

export interface DemoLogin {
  readonly username: string;
  readonly role: string;
}

@Module({})
class SeedModule {
  static forRoot(options: { config: AppConfig; logger: Logger }): DynamicModule {
    return {
      module: SeedModule,
      imports: [
        CoreModule.forRoot(options),
        DatabaseModule,
        QueueModule,
        AuditModule,
        OrganisationModule,
        MembersModule,
        AuthModule,
      ],
    };
  }
}

/**
 * Seeds the demo community through the domain services (so every rule,
 * encryption and audit applies), in one transaction: a failed seed leaves
 * nothing half-made. Returns null when the demo is already there.
 */
export async function seedDemo(config: AppConfig, logger: Logger): Promise<DemoLogin[] | null> {
  if (config.isProduction) throw new Error('The demo seed never runs in production');
  const app = await NestFactory.createApplicationContext(SeedModule.forRoot({ config, logger }), {
    logger: false,
  });
  try {
    const uow = app.get(UnitOfWork);
    if (await uow.repository(Community).existsBy({ name: DEMO_COMMUNITY.name })) return null;
    const organisation = app.get(OrganisationService);
    const members = app.get(MembersService);
    const accounts = app.get(AccountsService);
    return await uow.run(async () => {
      const community = await organisation.createCommunity(SYSTEM_ACTOR, DEMO_COMMUNITY);
      const courtyards: Courtyard[] = [];
      for (const courtyard of DEMO_COURTYARDS) {
        courtyards.push(
          await organisation.createCourtyard(SYSTEM_ACTOR, {
            communityId: community.id,
            ...courtyard,
          }),
        );
      }
      const units = new Map<string, string>();
      const unitId = (key: string): string => {
        const id = units.get(key);
        if (!id) throw new Error(`demo unit ${key} missing`);
        return id;
      };
      for (const { key, ...unit } of DEMO_UNITS) {
        const created = await organisation.createUnit(SYSTEM_ACTOR, unit);
        await organisation.pairUnit(SYSTEM_ACTOR, {
          unitId: created.id,
          communityId: community.id,
        });
        units.set(key, created.id);
      }

      let sequence = 0;
      const register = (person: DemoMember, kind: 'RESIDENT' | 'SECONDED'): Promise<MemberView> => {
        sequence++;
        return members.register(SYSTEM_ACTOR, {
          kind,
          name: person.name,
          gender: person.gender,
          birthDate: person.birthDate,
          phone: `1390000${String(sequence).padStart(4, '0')}`,
          idNumber: composeIdNumber({
            region: '420106',
            birthDate: person.birthDate,
            sequence,
            gender: person.gender,
          }),
          residenceCommunityId: kind === 'RESIDENT' ? community.id : null,
          residenceCourtyardId:
            person.courtyard === undefined ? null : (courtyards[person.courtyard]?.id ?? null),
          unitId: person.unit ? unitId(person.unit) : null,
          skills: person.skills,
          availability:
            kind === 'RESIDENT' ? DEMO_AVAILABILITY.resident : DEMO_AVAILABILITY.seconded,
          physicalCondition: person.physicalCondition,
        });
      };
      const residents: MemberView[] = [];
      for (const person of DEMO_RESIDENTS) residents.push(await register(person, 'RESIDENT'));
      const seconded: MemberView[] = [];
      for (const person of DEMO_SECONDED) seconded.push(await register(person, 'SECONDED'));

      const logins: { username: string; grants: RoleGrant[] }[] = [
        { username: 'operator', grants: [{ role: 'OPERATOR' }] },
        { username: 'q-admin', grants: [{ role: 'COMMUNITY_ADMIN', communityId: community.id }] },
        { username: 'edu-hr', grants: [{ role: 'UNIT_HR', unitId: unitId('education') }] },
        { username: 'hospital-hr', grants: [{ role: 'UNIT_HR', unitId: unitId('hospital') }] },
        { username: 'sunli', grants: [{ role: 'MEMBER', memberId: first(seconded).id }] },
        { username: 'wangjianguo', grants: [{ role: 'MEMBER', memberId: first(residents).id }] },
      ];
      for (const login of logins) {
        await accounts.createAccount(SYSTEM_ACTOR, { ...login, password: DEMO_PASSWORD });
      }
      return logins.map((l) => ({
        username: l.username,
        role: l.grants.map((g) => g.role).join(','),
      }));
    });
  } finally {
    await app.close();
  }
}
