// Jest runs the TypeScript sources as native ES modules (NestJS 12 ships ESM
// only), so it needs NODE_OPTIONS=--experimental-vm-modules: see package.json.
const libs = ['core', 'database', 'queue', 'storage', 'runtime', 'auth', 'testing'];

/** How every tier compiles and resolves the sources. */
const shared = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    ...Object.fromEntries(libs.map((lib) => [`^#${lib}$`, `<rootDir>/libs/${lib}/src/index.ts`])),
    '^#domain/(.*)$': '<rootDir>/libs/domain/src/$1/index.ts',
  },
  testTimeout: 30_000,
};

/**
 * The database and Redis prefix of a run, shared by the tiers that need them.
 * A project's global setup runs only when one of its tests is selected, so
 * the unit tier never touches PostgreSQL.
 */
const services = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/suite-database.ts'],
};

/**
 * Three tiers, told apart by file name: `*.spec.ts` (pure logic, no
 * PostgreSQL or Redis), `*.int-spec.ts` (a library against the real
 * services) and `*.e2e-spec.ts` (the apps through HTTP).
 */
const tiers = [
  {
    ...shared,
    displayName: 'unit',
    testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  },
  {
    ...shared,
    ...services,
    displayName: 'int',
    testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
  },
  {
    ...shared,
    ...services,
    displayName: 'e2e',
    testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e-spec.ts'],
  },
];

/**
 * `npm test` runs every tier; `npm run test:unit | test:int | test:e2e` set
 * TEST_TIER to run one. An environment variable rather than
 * `--selectProjects`, which takes every argument after it as a project name
 * and so would swallow the file paths and flags given after `--`.
 */
const tier = process.env.TEST_TIER;
if (tier !== undefined && !tiers.some((project) => project.displayName === tier)) {
  throw new Error(`TEST_TIER must be one of ${tiers.map((project) => project.displayName)}`);
}

/** @type {import('jest').Config} */
export default {
  projects: tier === undefined ? tiers : tiers.filter((project) => project.displayName === tier),
  // Two cores here: one worker per core, with room for PostgreSQL and Redis.
  maxWorkers: 2,
  testTimeout: 30_000,
};
