/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Type-checking is `tsc --noEmit` in `npm test`; jest only transpiles, which keeps the suite fast.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  // The project's own tests import the matchers by the name users import them by (package.json `exports`).
  moduleNameMapper: { '^lambda-rest-api$': '<rootDir>/src/index.ts', '^lambda-rest-api/testing$': '<rootDir>/src/testing/index.ts', '^lambda-rest-api/local$': '<rootDir>/src/local/index.ts' },
};
