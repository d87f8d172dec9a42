import type { TeamKind } from '#domain/branches';
import type { AvailabilityWindow, Gender, PhysicalCondition } from '#domain/members';
import type { CourtyardKind, UnitKind } from '#domain/organisation';
import type { CreateTaskTypeInput } from '#domain/task-types';

/**
 * Q community as the field study describes it (seed 004): 17 courtyards, one
 * temporary branch with a party group per courtyard, 15 resident teams with
 * 341 resident members, 8 paired work units with 113 seconded members (the
 * education bureau's 22 among them). Generated from a fixed seed, so every
 * start, test and benchmark sees the same people.
 */
export const DEMO_COMMUNITY = { name: 'Q社区', timeZone: 'Asia/Shanghai' };
export const DEMO_PASSWORD = 'Vanguard-demo-2026';
export const DEMO_COUNTS = { courtyards: 17, residents: 341, seconded: 113, teams: 15 } as const;

export const DEMO_COURTYARDS: { name: string; kind: CourtyardKind }[] = [
  { name: '东湖小区', kind: 'COMPOUND' },
  { name: '南苑小区', kind: 'COMPOUND' },
  { name: '北辰小区', kind: 'COMPOUND' },
  { name: '教育局家属院', kind: 'UNIT_FAMILY_COURTYARD' },
  { name: '人民医院家属院', kind: 'UNIT_FAMILY_COURTYARD' },
  ...[
    '翠柳',
    '桂园',
    '梧桐',
    '紫荆',
    '丹桂',
    '银杏',
    '香樟',
    '玉兰',
    '海棠',
    '枫林',
    '松涛',
    '竹韵',
  ].map((name) => ({ name: `${name}苑`, kind: 'BUILDING' as const })),
];

export type DemoUnitKey =
  'education' | 'hospital' | 'justice' | 'civil' | 'tax' | 'health' | 'power' | 'urban';

/** 22 + 16 + 13 + 13 + 13 + 12 + 12 + 12 = 113 seconded members. */
export const DEMO_UNITS: {
  key: DemoUnitKey;
  name: string;
  kind: UnitKind;
  members: number;
  skills: string[];
}[] = [
  {
    key: 'education',
    name: '市教育局',
    kind: 'GOVERNMENT_ORGAN',
    members: 22,
    skills: ['政策咨询', '宣传动员', '轮流值守', '物资调度', '教学'],
  },
  {
    key: 'hospital',
    name: '市第一人民医院',
    kind: 'PUBLIC_INSTITUTION',
    members: 16,
    skills: ['医疗', '心理疏导', '健康宣教'],
  },
  {
    key: 'justice',
    name: '区司法局',
    kind: 'GOVERNMENT_ORGAN',
    members: 13,
    skills: ['法律援助', '调解'],
  },
  {
    key: 'civil',
    name: '区民政局',
    kind: 'GOVERNMENT_ORGAN',
    members: 13,
    skills: ['政策咨询', '救助帮扶'],
  },
  {
    key: 'tax',
    name: '市税务局',
    kind: 'GOVERNMENT_ORGAN',
    members: 13,
    skills: ['政策咨询', '财务'],
  },
  {
    key: 'health',
    name: '区卫健委',
    kind: 'GOVERNMENT_ORGAN',
    members: 12,
    skills: ['健康宣教', '防疫'],
  },
  {
    key: 'power',
    name: '市供电公司',
    kind: 'STATE_ENTERPRISE',
    members: 12,
    skills: ['电力维修', '物资调度'],
  },
  {
    key: 'urban',
    name: '区城管局',
    kind: 'GOVERNMENT_ORGAN',
    members: 12,
    skills: ['垃圾分类', '宣传动员'],
  },
];

/**
 * The study's examples of the three categories (docs/domain.md), in the
 * shared catalogue. The levels are chosen so that categoryOf gives the
 * category the study names: everyday neighbourly work needs little
 * professional knowledge (ROUTINE); advice needs a specialist and no local
 * knowledge (PROFESSIONAL); mobilising and co-designing need both (JOINT).
 * Skills are the members' tags, so a type's skill finds its people.
 */
export const DEMO_TASK_TYPES: CreateTaskTypeInput[] = [
  {
    name: '为老人代购',
    description: '为独居、行动不便的老人代买生活用品',
    basicKnowledge: 'HIGH',
    professionalKnowledge: 'LOW',
    requiredSkills: ['助老'],
    intensity: 'LIGHT',
    outdoor: true,
    defaultDurationMinutes: 60,
    pointsWeight: 1,
  },
  {
    name: '为老人打扫卫生',
    description: '上门为老人打扫居室',
    basicKnowledge: 'HIGH',
    professionalKnowledge: 'LOW',
    requiredSkills: ['助老'],
    intensity: 'MODERATE',
    defaultDurationMinutes: 120,
    pointsWeight: 2,
  },
  {
    name: '平安巡逻',
    description: '小区夜间治安巡逻',
    basicKnowledge: 'MEDIUM',
    professionalKnowledge: 'LOW',
    requiredSkills: ['巡逻'],
    intensity: 'MODERATE',
    outdoor: true,
    night: true,
    defaultDurationMinutes: 120,
    pointsWeight: 2,
  },
  {
    name: '门岗值守',
    description: '小区出入口值守、登记',
    basicKnowledge: 'MEDIUM',
    professionalKnowledge: 'LOW',
    requiredSkills: ['轮流值守'],
    intensity: 'LIGHT',
    outdoor: true,
    defaultDurationMinutes: 240,
    pointsWeight: 2,
  },
  {
    name: '疏通下水道',
    description: '疏通居民家中或楼道堵塞的下水管道',
    basicKnowledge: 'HIGH',
    professionalKnowledge: 'LOW',
    requiredSkills: ['水电维修'],
    intensity: 'HEAVY',
    defaultDurationMinutes: 90,
    pointsWeight: 3,
  },
  {
    name: '政策咨询',
    description: '解答居民关于社保、医保、养老等政策的疑问',
    basicKnowledge: 'LOW',
    professionalKnowledge: 'HIGH',
    requiredSkills: ['政策咨询'],
    intensity: 'LIGHT',
    defaultDurationMinutes: 60,
    pointsWeight: 3,
  },
  {
    name: '心理疏导',
    description: '为有需要的居民提供心理疏导',
    basicKnowledge: 'LOW',
    professionalKnowledge: 'HIGH',
    requiredSkills: ['心理疏导'],
    intensity: 'LIGHT',
    defaultDurationMinutes: 60,
    pointsWeight: 4,
  },
  {
    name: '法律援助',
    description: '提供法律咨询，协助调解纠纷',
    basicKnowledge: 'LOW',
    professionalKnowledge: 'HIGH',
    requiredSkills: ['法律援助'],
    intensity: 'LIGHT',
    defaultDurationMinutes: 90,
    pointsWeight: 4,
  },
  {
    name: '健康知识宣讲',
    description: '开展健康与防疫知识讲座',
    basicKnowledge: 'LOW',
    professionalKnowledge: 'HIGH',
    requiredSkills: ['健康宣教'],
    intensity: 'LIGHT',
    defaultDurationMinutes: 90,
    pointsWeight: 3,
  },
  {
    name: '老旧小区改造入户宣传',
    description: '逐户上门讲解老旧小区改造政策，收集居民意见',
    basicKnowledge: 'HIGH',
    professionalKnowledge: 'MEDIUM',
    requiredSkills: ['政策咨询', '宣传动员'],
    intensity: 'MODERATE',
    outdoor: true,
    defaultDurationMinutes: 180,
    pointsWeight: 3,
  },
  {
    name: '垃圾分类动员',
    description: '动员住户参与垃圾分类，现场指导投放',
    basicKnowledge: 'MEDIUM',
    professionalKnowledge: 'MEDIUM',
    requiredSkills: ['垃圾分类', '宣传动员'],
    intensity: 'LIGHT',
    outdoor: true,
    defaultDurationMinutes: 120,
    pointsWeight: 2,
  },
  {
    name: '共商改造方案',
    description: '与居民共同商议、设计小区改造方案',
    basicKnowledge: 'HIGH',
    professionalKnowledge: 'HIGH',
    requiredSkills: ['政策咨询'],
    intensity: 'LIGHT',
    defaultDurationMinutes: 180,
    pointsWeight: 4,
  },
];

/** 5 + 30 + 12 × 24 + 18 = 341 resident members; the repair and patrol teams as in the study. */
export const DEMO_TEAMS: { name: string; kind: TeamKind; specialty: string; size: number }[] = [
  { name: '修缮服务队', kind: 'RESIDENT_TEAM', specialty: '水电维修', size: 5 },
  { name: '平安巡逻队', kind: 'RESIDENT_TEAM', specialty: '巡逻', size: 30 },
  ...[
    ['助老服务队', '助老'],
    ['环境保洁队', '保洁'],
    ['邻里调解队', '调解'],
    ['文艺宣传队', '文艺'],
    ['垃圾分类督导队', '垃圾分类'],
    ['爱心理发队', '理发'],
    ['便民服务队', '便民'],
    ['门岗值守队', '门岗值守'],
    ['关爱儿童队', '课业辅导'],
    ['绿化养护队', '绿化'],
    ['健康互助队', '健康互助'],
    ['书画兴趣队', '书法'],
  ].map(([name = '', specialty = '']) => ({
    name,
    kind: 'RESIDENT_TEAM' as const,
    specialty,
    size: 24,
  })),
  { name: '应急物资队', kind: 'RESIDENT_TEAM', specialty: '物资调度', size: 18 },
];

/** Mon–Fri 09:00–11:00: the resident members' service convention in the study. */
const WEEKDAY_MORNINGS: AvailabilityWindow[] = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: '09:00',
  end: '11:00',
}));

/** Weekday evenings and weekend days, outside a seconded member's eight working hours. */
const EVENINGS_AND_WEEKENDS: AvailabilityWindow[] = [
  ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '19:00', end: '21:00' })),
  { weekday: 6, start: '09:00', end: '17:00' },
  { weekday: 7, start: '09:00', end: '17:00' },
];

export const DEMO_AVAILABILITY = { resident: WEEKDAY_MORNINGS, seconded: EVENINGS_AND_WEEKENDS };

/**
 * A demo task: a type of DEMO_TASK_TYPES by name, at a courtyard (index into
 * DEMO_COURTYARDS), some days after the seed at a local time of the
 * community, so the windows are always ahead of whoever starts the demo.
 */
export interface DemoTask {
  readonly taskType: string;
  readonly title: string;
  readonly description: string;
  readonly courtyard: number;
  readonly daysAhead: number;
  /** HH:MM in the community's time zone. */
  readonly startTime: string;
  readonly durationMinutes: number;
  /**
   * Sent out by the seed, so that whoever starts the demo finds dispatch at
   * work: offers made by the worker, with their reasons, or an escalation.
   */
  readonly publish?: boolean;
  readonly headcount: number;
  readonly secondedSlots?: number;
  readonly residentSlots?: number;
}

export interface DemoDemand {
  readonly courtyard: number;
  readonly description: string;
  readonly urgency: 'NORMAL' | 'URGENT' | 'EMERGENCY';
  readonly channel: 'VISIT' | 'PHONE' | 'APP';
  readonly requesterName: string;
  readonly requesterPhone: string;
  /** The tasks the committee accepted it into; none: still open. */
  readonly tasks: readonly DemoTask[];
}

/**
 * Residents' requests (点单) as the committee took them: one accepted into
 * tasks, the others still open for the committee to decide. Requesters'
 * phones are fake (138 and a sequence number), like the members'.
 */
export const DEMO_DEMANDS: DemoDemand[] = [
  {
    courtyard: 0,
    description:
      '东湖小区3栋独居老人家中下水道堵塞，厨房积水，老人腿脚不便，希望尽快上门疏通并帮忙代购一周的生活用品',
    urgency: 'URGENT',
    channel: 'PHONE',
    requesterName: '刘桂兰',
    requesterPhone: '13800000001',
    tasks: [
      {
        taskType: '疏通下水道',
        title: '东湖小区3栋疏通厨房下水道',
        description: '独居老人家中厨房下水道堵塞，需带疏通工具',
        courtyard: 0,
        daysAhead: 1,
        startTime: '09:00',
        durationMinutes: 90,
        headcount: 2,
      },
      {
        taskType: '为老人代购',
        title: '为东湖小区3栋刘奶奶代购生活用品',
        description: '米、油、蔬菜和常用药，清单电话确认',
        courtyard: 0,
        daysAhead: 1,
        startTime: '10:00',
        durationMinutes: 60,
        headcount: 1,
      },
    ],
  },
  {
    courtyard: 1,
    description: '南苑小区居民咨询医保异地就医备案和报销流程',
    urgency: 'NORMAL',
    channel: 'VISIT',
    requesterName: '陈建华',
    requesterPhone: '13800000002',
    tasks: [],
  },
  {
    courtyard: 2,
    description: '北辰小区居民反映楼道堆放杂物，影响消防通道，希望社区组织清理',
    urgency: 'NORMAL',
    channel: 'APP',
    requesterName: '赵敏',
    requesterPhone: '13800000003',
    tasks: [],
  },
];

/**
 * A duty post (岗位) of the committee: gate duty at the education bureau's
 * family courtyard on weekday evenings, claimed by the bureau's seconded
 * members who keep watch (skill 轮流值守), each committing to a few shifts a
 * month, so the coverage view shows both booked and open places.
 */
export const DEMO_POST = {
  name: '教育局家属院门岗值守',
  description: '工作日晚间出入口值守、来访登记',
  taskType: '门岗值守',
  courtyard: 3,
  headcount: 2,
  slots: [{ weekdays: [1, 2, 3, 4, 5], startTime: '18:00', minutes: 180 }],
  claimants: 4,
  shiftsPerMonth: 4,
  commitment: '每月至少值守四个晚班，按时到岗，做好来访登记',
};

/** Tasks the committee drafted directly, not from a demand. */
export const DEMO_TASKS: DemoTask[] = [
  {
    taskType: '老旧小区改造入户宣传',
    title: '教育局家属院改造方案入户宣传',
    description: '逐户讲解改造方案，收集居民意见；在职党员讲政策，居民党员带路认门',
    courtyard: 3,
    daysAhead: 3,
    startTime: '19:00',
    durationMinutes: 120,
    headcount: 4,
    secondedSlots: 1,
    residentSlots: 3,
  },
  {
    taskType: '平安巡逻',
    title: '南苑小区夜间平安巡逻',
    description: '沿小区主干道和地下车库巡查',
    courtyard: 1,
    daysAhead: 2,
    startTime: '19:30',
    durationMinutes: 120,
    headcount: 3,
    publish: true,
  },
  {
    taskType: '政策咨询',
    title: '社区医保政策咨询日',
    description: '在社区服务中心解答医保、养老政策问题',
    courtyard: 1,
    daysAhead: 4,
    startTime: '09:30',
    durationMinutes: 120,
    headcount: 2,
    publish: true,
  },
];

export interface DemoMember {
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: string;
  readonly skills: string[];
  readonly physicalCondition: PhysicalCondition;
  /** Index into DEMO_COURTYARDS (residents). */
  readonly courtyard?: number;
  /** Index into DEMO_TEAMS (residents). */
  readonly team?: number;
  readonly unit?: DemoUnitKey;
}

/** mulberry32: a tiny deterministic PRNG, so the demo is the same on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘',
);
const MALE = Array.from('建国志强伟明军华平德海涛斌刚勇杰文辉磊鹏');
const FEMALE = Array.from('秀英桂兰丽芳敏静娟霞红艳玲燕萍琴云洁梅');

function generate(seed: number) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const name = (gender: Gender) => {
    const given = gender === 'MALE' ? MALE : FEMALE;
    return pick(SURNAMES) + pick(given) + (next() < 0.6 ? pick(given) : '');
  };
  const date = (fromYear: number, toYear: number) => {
    const year = fromYear + Math.floor(next() * (toYear - fromYear + 1));
    const month = 1 + Math.floor(next() * 12);
    const day = 1 + Math.floor(next() * 28);
    return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  };
  return { next, pick, name, date };
}

/**
 * Residents: mostly retired and older (born 1940–1966), the eldest more often
 * in limited or frail health; each belongs to one resident team and lives in
 * one of the courtyards.
 */
function residents(): DemoMember[] {
  const { next, name, date } = generate(2021);
  const people: DemoMember[] = [
    {
      name: '王建国',
      gender: 'MALE',
      birthDate: '1952-03-14',
      skills: ['水电维修'],
      physicalCondition: 'GOOD',
      courtyard: 0,
      team: 0,
    },
  ];
  DEMO_TEAMS.forEach((team, teamIndex) => {
    const size = teamIndex === 0 ? team.size - 1 : team.size;
    for (let i = 0; i < size; i++) {
      const gender: Gender = next() < 0.5 ? 'MALE' : 'FEMALE';
      const birthDate = date(1940, 1966);
      const age = 2026 - Number(birthDate.slice(0, 4));
      const roll = next();
      const physicalCondition: PhysicalCondition =
        age >= 80 && roll < 0.5 ? 'FRAIL' : age >= 72 && roll < 0.4 ? 'LIMITED' : 'GOOD';
      people.push({
        name: name(gender),
        gender,
        birthDate,
        skills: [team.specialty],
        physicalCondition,
        courtyard: people.length % DEMO_COURTYARDS.length,
        team: teamIndex,
      });
    }
  });
  return people;
}

/** Seconded members: of working age, serving evenings and weekends, with their unit's specialties. */
function seconded(): DemoMember[] {
  const { next, pick, name, date } = generate(2022);
  const people: DemoMember[] = [];
  for (const unit of DEMO_UNITS) {
    for (let i = 0; i < unit.members; i++) {
      if (unit.key === 'education' && i === 0) {
        people.push({
          name: '孙丽',
          gender: 'FEMALE',
          birthDate: '1986-09-12',
          skills: ['政策咨询', '教学'],
          physicalCondition: 'GOOD',
          unit: 'education',
        });
        continue;
      }
      const gender: Gender = next() < 0.5 ? 'MALE' : 'FEMALE';
      people.push({
        name: name(gender),
        gender,
        birthDate: date(1968, 2000),
        skills: [...new Set([pick(unit.skills), pick(unit.skills)])],
        physicalCondition: next() < 0.08 ? 'LIMITED' : 'GOOD',
        unit: unit.key,
      });
    }
  }
  return people;
}

export const DEMO_RESIDENTS = residents();
export const DEMO_SECONDED = seconded();
