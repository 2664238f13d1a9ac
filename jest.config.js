/**
 * jest: TypeScript through ts-jest (transpile only; `npm test` type-checks src and tests with tsc first).
 * Three projects: every test with the kit's wasm kernels, and the model, loss, optimizer and training tests again
 * on plain tf — on wasm with the kernels' overrides not installed, and on the cpu backend (what tfjs-node users run;
 * without the trainers' long runs there).
 * Pick one with `npx jest --selectProjects kernels` (or plain-wasm, plain-cpu).
 */
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
};
const PLAIN_TF_TESTS = ['<rootDir>/test/models/**/*.test.ts', '<rootDir>/test/train/**/*.test.ts'];
// The pure-JS cpu backend is 10–30× slower than wasm: the trainers' runs of hundreds of steps stay on plain wasm.
const CPU_SKIPS = ['/test/train/trainer.test.ts'];

module.exports = {
  testTimeout: 120000,
  // Notebook and training tests are CPU-heavy: two workers match the two cores the kit targets.
  maxWorkers: 2,
  projects: [
    { ...base, displayName: 'kernels', roots: ['<rootDir>/test'], testMatch: ['**/*.test.ts'] },
    { ...base, displayName: 'plain-wasm', testMatch: PLAIN_TF_TESTS, setupFiles: ['<rootDir>/test/env/plain-wasm.js'] },
    { ...base, displayName: 'plain-cpu', testMatch: PLAIN_TF_TESTS, testPathIgnorePatterns: ['/node_modules/', ...CPU_SKIPS], setupFiles: ['<rootDir>/test/env/plain-cpu.js'] },
  ],
};
