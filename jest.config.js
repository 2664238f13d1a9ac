/** jest: TypeScript through ts-jest (type checking is `npm run typecheck`'s job, so transpile only here, via isolatedModules in tsconfig.test.json). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 120000,
  // Notebook and training tests are CPU-heavy: two workers match the two cores the kit targets.
  maxWorkers: 2,
};
