import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Clock,
  CoreModule,
  localDate,
  type Actor,
  type AppConfig,
  type Logger,
  type RoleGrant,
} from '#core';
import { AccountsService, AuthModule } from '#auth';
import { DatabaseModule, UnitOfWork } from '#database';
import { DutyLogsModule } from '#domain/duty-logs';
import { AuditModule } from '#domain/audit';
import { AssignmentsService, BranchesModule, BranchesService } from '#domain/branches';
import { DemandsModule, DemandsService } from '#domain/demands';
import { DispatchModule, DispatchService } from '#domain/dispatch';
import { composeIdNumber, MembersModule, MembersService, type MemberView } from '#domain/members';
import { PostsModule, PostsService } from '#domain/posts';
import {
  Community,
  OrganisationModule,
  OrganisationService,
  PairingsService,
  type Courtyard,
} from '#domain/organisation';
import { SecondmentModule, SecondmentService } from '#domain/secondment';
import { TaskTypesModule, TaskTypesService } from '#domain/task-types';
import { TasksModule, TasksService } from '#domain/tasks';
import { QueueModule } from '#queue';
import {
  DEMO_AVAILABILITY,
  DEMO_COMMUNITY,
  DEMO_COURTYARDS,
  DEMO_DEMANDS,
  DEMO_PASSWORD,
  DEMO_POST,
  DEMO_RESIDENTS,
  DEMO_SECONDED,
  DEMO_TASK_TYPES,
  DEMO_TASKS,
  DEMO_TEAMS,
  DEMO_UNITS,
  type DemoMember,
  type DemoTask,
} from './demo-data.js';
import { seedDutyLogs } from './seed-duty-logs.js';

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
        SecondmentModule,
        BranchesModule,
        TaskTypesModule,
        TasksModule,
        DemandsModule,
        DispatchModule,
        PostsModule,
        DutyLogsModule,
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
      for (const { key, name, kind } of DEMO_UNITS) {
        const created = await organisation.createUnit(SYSTEM_ACTOR, { name, kind });
        await app.get(PairingsService).pairUnit(SYSTEM_ACTOR, {
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
          phone: `139${String(sequence).padStart(8, '0')}`,
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

      await reportIn(app, community.id, seconded, unitId);
      await organise(app, community.id, courtyards, residents, seconded);
      const taskTypes = new Map<string, string>();
      for (const taskType of DEMO_TASK_TYPES) {
        const created = await app.get(TaskTypesService).createTaskType(SYSTEM_ACTOR, taskType);
        taskTypes.set(created.name, created.id);
      }
      await demandsAndTasks(app, community.id, courtyards, taskTypes);
      await dutyPost(app, community.id, courtyards, taskTypes, seconded);
      await seedDutyLogs(app, community.id, [...residents.slice(0, 40), ...seconded], {
        ...SYSTEM_ACTOR,
        grants: [{ role: 'COMMUNITY_ADMIN', communityId: community.id }],
      });

      const logins: { username: string; grants: RoleGrant[] }[] = [
        { username: 'operator', grants: [{ role: 'OPERATOR' }] },
        { username: 'q-admin', grants: [{ role: 'COMMUNITY_ADMIN', communityId: community.id }] },
        { username: 'edu-hr', grants: [{ role: 'UNIT_HR', unitId: unitId('education') }] },
        { username: 'hospital-hr', grants: [{ role: 'UNIT_HR', unitId: unitId('hospital') }] },
        // 孙丽 leads the 东湖小区 party group, so this account also holds GROUP_LEADER
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

/**
 * Each unit sends its members in one batch report-in (already approved by
 * the unit) and the committee accepts every one, issuing receipt numbers.
 */
async function reportIn(
  app: INestApplicationContext,
  communityId: string,
  seconded: readonly MemberView[],
  unitId: (key: string) => string,
): Promise<void> {
  const secondments = app.get(SecondmentService);
  for (const unit of DEMO_UNITS) {
    const id = unitId(unit.key);
    const sent = await secondments.batchReportIn(SYSTEM_ACTOR, {
      unitId: id,
      communityId,
      memberIds: seconded.filter((m) => m.unitId === id).map((m) => m.id),
    });
    for (const secondment of sent) await secondments.accept(SYSTEM_ACTOR, secondment.id);
  }
}

/**
 * One temporary branch with a party group per courtyard; the seconded
 * members are spread over the groups, the first two of each leading it as
 * leader and deputy. Every resident joins their resident team.
 */
async function organise(
  app: INestApplicationContext,
  communityId: string,
  courtyards: readonly Courtyard[],
  residents: readonly MemberView[],
  seconded: readonly MemberView[],
): Promise<void> {
  const branches = app.get(BranchesService);
  const assignments = app.get(AssignmentsService);
  const branch = await branches.createBranch(SYSTEM_ACTOR, {
    communityId,
    name: 'Q社区在职党员临时党支部',
    purpose: '组织下沉党员参与社区治理和应急处置',
    startsOn: '2026-01-01',
  });
  const groups = [];
  for (const courtyard of courtyards) {
    groups.push(
      await branches.createPartyGroup(SYSTEM_ACTOR, {
        branchId: branch.id,
        courtyardId: courtyard.id,
        name: `${courtyard.name}党小组`,
      }),
    );
  }
  for (const [index, member] of seconded.entries()) {
    const group = groups[index % groups.length];
    const rank = Math.floor(index / groups.length);
    await assignments.assign(SYSTEM_ACTOR, {
      memberId: member.id,
      partyGroupId: group?.id ?? null,
      role: rank === 0 ? 'LEADER' : rank === 1 ? 'DEPUTY' : 'MEMBER',
    });
  }
  const teams = [];
  for (const team of DEMO_TEAMS) {
    teams.push(
      await branches.createTeam(SYSTEM_ACTOR, {
        communityId,
        name: team.name,
        kind: team.kind,
        specialty: team.specialty,
      }),
    );
  }
  for (const [index, member] of residents.entries()) {
    const team = teams[DEMO_RESIDENTS[index]?.team ?? 0];
    await assignments.assign(SYSTEM_ACTOR, {
      memberId: member.id,
      teamId: team?.id ?? null,
      role: 'MEMBER',
    });
  }
}

/**
 * The committee's work in hand: residents' demands (one accepted into tasks,
 * the others open) and tasks drafted directly, some of them sent out (the
 * worker then dispatches them), their windows in the days after the seed,
 * read in the community's time zone.
 */
async function demandsAndTasks(
  app: INestApplicationContext,
  communityId: string,
  courtyards: readonly Courtyard[],
  taskTypes: ReadonlyMap<string, string>,
): Promise<void> {
  const today = localDate(app.get(Clock).now(), DEMO_COMMUNITY.timeZone);
  const courtyardId = (index: number): string => {
    const courtyard = courtyards[index];
    if (!courtyard) throw new Error(`demo courtyard ${String(index)} missing`);
    return courtyard.id;
  };
  const fields = (task: DemoTask) => {
    const taskTypeId = taskTypes.get(task.taskType);
    if (!taskTypeId) throw new Error(`demo task type ${task.taskType} missing`);
    const day = new Date(Date.parse(`${today}T00:00:00Z`) + task.daysAhead * 86_400_000);
    // Asia/Shanghai keeps +08:00 all year (no daylight saving time).
    const startsAt = new Date(`${day.toISOString().slice(0, 10)}T${task.startTime}:00+08:00`);
    return {
      taskTypeId,
      courtyardId: courtyardId(task.courtyard),
      title: task.title,
      description: task.description,
      startsAt,
      endsAt: new Date(startsAt.getTime() + task.durationMinutes * 60_000),
      headcount: task.headcount,
      secondedSlots: task.secondedSlots ?? null,
      residentSlots: task.residentSlots ?? null,
    };
  };
  const demands = app.get(DemandsService);
  for (const demand of DEMO_DEMANDS) {
    const recorded = await demands.record(SYSTEM_ACTOR, {
      communityId,
      courtyardId: courtyardId(demand.courtyard),
      description: demand.description,
      urgency: demand.urgency,
      channel: demand.channel,
      requesterName: demand.requesterName,
      requesterPhone: demand.requesterPhone,
    });
    if (demand.tasks.length > 0) {
      await demands.accept(SYSTEM_ACTOR, recorded.id, demand.tasks.map(fields));
    }
  }
  for (const task of DEMO_TASKS) {
    const created = await app.get(TasksService).create(SYSTEM_ACTOR, {
      communityId,
      ...fields(task),
    });
    if (task.publish) await app.get(DispatchService).publish(SYSTEM_ACTOR, created.id);
  }
}

/**
 * The demo's duty post, claimed by the first seconded members who keep
 * watch, each as themself. Its shifts are planned by the worker once the
 * demo starts (the post and each claim queue a plan).
 */
async function dutyPost(
  app: INestApplicationContext,
  communityId: string,
  courtyards: readonly Courtyard[],
  taskTypes: ReadonlyMap<string, string>,
  seconded: readonly MemberView[],
): Promise<void> {
  const taskTypeId = taskTypes.get(DEMO_POST.taskType);
  const courtyardId = courtyards[DEMO_POST.courtyard]?.id;
  if (!taskTypeId || !courtyardId) throw new Error('demo post type or courtyard missing');
  const today = localDate(app.get(Clock).now(), DEMO_COMMUNITY.timeZone);
  const posts = app.get(PostsService);
  const post = await posts.create(SYSTEM_ACTOR, {
    communityId,
    courtyardId,
    taskTypeId,
    name: DEMO_POST.name,
    description: DEMO_POST.description,
    headcount: DEMO_POST.headcount,
    slots: DEMO_POST.slots,
    startsOn: today,
  });
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const until = new Date(Date.UTC(year, month - 1 + 6, day)).toISOString().slice(0, 10);
  const watchers = seconded.filter((_, i) => DEMO_SECONDED[i]?.skills.includes('轮流值守'));
  for (const member of watchers.slice(0, DEMO_POST.claimants)) {
    await posts.claim(
      { ...SYSTEM_ACTOR, grants: [{ role: 'MEMBER', memberId: member.id }] },
      {
        postId: post.id,
        shiftsPerMonth: DEMO_POST.shiftsPerMonth,
        until,
        commitment: DEMO_POST.commitment,
      },
    );
  }
}
