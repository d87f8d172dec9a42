import type { AvailabilityWindow, Gender, PhysicalCondition } from '#domain/members';
import type { CourtyardKind, UnitKind } from '#domain/organisation';

/**
 * The demo community, fixed so that every start shows the same people. A
 * small slice of Q community from the field study (seed 004): compounds and
 * unit family courtyards, two paired units, resident members (retired, who
 * serve weekday mornings) and seconded members (who serve evenings and
 * weekends, outside their eight working hours).
 */
export const DEMO_COMMUNITY = { name: 'Q社区', timeZone: 'Asia/Shanghai' };

export const DEMO_COURTYARDS: { name: string; kind: CourtyardKind }[] = [
  { name: '东湖小区', kind: 'COMPOUND' },
  { name: '南苑小区', kind: 'COMPOUND' },
  { name: '北辰小区', kind: 'COMPOUND' },
  { name: '教育局家属院', kind: 'UNIT_FAMILY_COURTYARD' },
  { name: '人民医院家属院', kind: 'UNIT_FAMILY_COURTYARD' },
];

export const DEMO_UNITS: { key: 'education' | 'hospital'; name: string; kind: UnitKind }[] = [
  { key: 'education', name: '市教育局', kind: 'GOVERNMENT_ORGAN' },
  { key: 'hospital', name: '市第一人民医院', kind: 'PUBLIC_INSTITUTION' },
];

/** Mon–Fri 09:00–11:00: the resident members' service convention in the study. */
const WEEKDAY_MORNINGS: AvailabilityWindow[] = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: '09:00',
  end: '11:00',
}));

/** Weekday evenings and weekend days, outside a seconded member's working hours. */
const EVENINGS_AND_WEEKENDS: AvailabilityWindow[] = [
  ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '19:00', end: '21:00' })),
  { weekday: 6, start: '09:00', end: '17:00' },
  { weekday: 7, start: '09:00', end: '17:00' },
];

export interface DemoMember {
  readonly name: string;
  readonly gender: Gender;
  readonly birthDate: string;
  readonly skills: string[];
  readonly physicalCondition: PhysicalCondition;
  /** Index into DEMO_COURTYARDS. */
  readonly courtyard?: number;
  readonly unit?: 'education' | 'hospital';
}

export const DEMO_RESIDENTS: DemoMember[] = [
  {
    name: '王建国',
    gender: 'MALE',
    birthDate: '1952-03-14',
    skills: ['水电维修'],
    physicalCondition: 'GOOD',
    courtyard: 0,
  },
  {
    name: '李秀英',
    gender: 'FEMALE',
    birthDate: '1955-07-02',
    skills: ['邻里调解'],
    physicalCondition: 'GOOD',
    courtyard: 0,
  },
  {
    name: '张德明',
    gender: 'MALE',
    birthDate: '1948-11-20',
    skills: ['巡逻'],
    physicalCondition: 'LIMITED',
    courtyard: 1,
  },
  {
    name: '刘桂兰',
    gender: 'FEMALE',
    birthDate: '1946-01-09',
    skills: ['助老'],
    physicalCondition: 'FRAIL',
    courtyard: 1,
  },
  {
    name: '陈志强',
    gender: 'MALE',
    birthDate: '1958-05-30',
    skills: ['家电维修', '水电维修'],
    physicalCondition: 'GOOD',
    courtyard: 2,
  },
  {
    name: '杨淑芬',
    gender: 'FEMALE',
    birthDate: '1960-09-18',
    skills: ['垃圾分类宣传'],
    physicalCondition: 'GOOD',
    courtyard: 2,
  },
  {
    name: '赵文华',
    gender: 'MALE',
    birthDate: '1950-12-01',
    skills: ['门岗值守'],
    physicalCondition: 'LIMITED',
    courtyard: 3,
  },
  {
    name: '黄玉珍',
    gender: 'FEMALE',
    birthDate: '1953-04-25',
    skills: ['助老', '买菜代购'],
    physicalCondition: 'GOOD',
    courtyard: 3,
  },
  {
    name: '买买提·艾力',
    gender: 'MALE',
    birthDate: '1962-08-08',
    skills: ['翻译'],
    physicalCondition: 'GOOD',
    courtyard: 4,
  },
  {
    name: '周𠮷祥',
    gender: 'MALE',
    birthDate: '1944-02-17',
    skills: ['书法'],
    physicalCondition: 'FRAIL',
    courtyard: 4,
  },
];

export const DEMO_SECONDED: DemoMember[] = [
  {
    name: '孙丽',
    gender: 'FEMALE',
    birthDate: '1985-06-12',
    skills: ['政策咨询'],
    physicalCondition: 'GOOD',
    unit: 'education',
  },
  {
    name: '马骏',
    gender: 'MALE',
    birthDate: '1990-10-03',
    skills: ['宣传动员'],
    physicalCondition: 'GOOD',
    unit: 'education',
  },
  {
    name: '朱晓燕',
    gender: 'FEMALE',
    birthDate: '1988-01-27',
    skills: ['心理辅导'],
    physicalCondition: 'GOOD',
    unit: 'education',
  },
  {
    name: '胡海涛',
    gender: 'MALE',
    birthDate: '1979-03-19',
    skills: ['物资调配'],
    physicalCondition: 'GOOD',
    unit: 'education',
  },
  {
    name: '郭敏',
    gender: 'FEMALE',
    birthDate: '1983-12-05',
    skills: ['健康知识', '防疫'],
    physicalCondition: 'GOOD',
    unit: 'hospital',
  },
  {
    name: '林涛',
    gender: 'MALE',
    birthDate: '1987-07-21',
    skills: ['急救'],
    physicalCondition: 'GOOD',
    unit: 'hospital',
  },
];

export const DEMO_AVAILABILITY = { resident: WEEKDAY_MORNINGS, seconded: EVENINGS_AND_WEEKENDS };

/** One password for every demo account; the seed refuses to run in production. */
export const DEMO_PASSWORD = 'Vanguard-demo-2026';
