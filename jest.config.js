// Jest runs the TypeScript sources as native ES modules (NestJS 12 ships ESM
// only), so it needs NODE_OPTIONS=--experimental-vm-modules: see package.json.
const libs = ['core', 'database', 'queue', 'auth', 'testing'];

/** @type {import('jest').Config} */
export default {
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
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.{spec,int-spec,e2e-spec}.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // Two cores here: one worker per core, with room for PostgreSQL and Redis.
  maxWorkers: 2,
  testTimeout: 30_000,
};
