// The modules `npm run test:mutation` measures, each with the test files that state its behaviour: its own unit
// tests and the end-to-end tests that reach it. Stryker runs only these for the module, so a run fits in minutes
// on 2 cores, and a score says how many bugs of the module those tests would catch.

export interface MutationModule {
  /** The name `npm run test:mutation <name>` takes, and the row of the scores table. */
  readonly name: string;
  /** The files Stryker mutates, from the project root (globs allowed). */
  readonly mutate: readonly string[];
  /** The test files run against each mutant, from the project root. */
  readonly tests: readonly string[];
  /** The mutation score the module must reach, in percent (the issue "Tests that catch bugs"). */
  readonly target: number;
}

// The local API end to end: a synthesized fixture stack served on loopback (`__tests__/local/server-helpers.ts`), its
// proxy routes, its failures, and what AWS was recorded answering.
const SERVED_PROXY = ['__tests__/local/server-proxy.test.ts', '__tests__/local/server-aws-parity.test.ts'];

export const MUTATION_MODULES: readonly MutationModule[] = [
  {
    // What every proxy handler receives and how its answer is read; the event's requestContext is in request-context.ts.
    name: 'proxy-event',
    mutate: ['src/local/proxy-event.ts', 'src/local/request-context.ts'],
    tests: ['__tests__/local/proxy-event.test.ts', '__tests__/local/request-context.test.ts', ...SERVED_PROXY, '__tests__/local/server-failures.test.ts'],
    target: 90,
  },
  {
    name: 'router',
    mutate: ['src/local/router.ts'],
    tests: ['__tests__/local/router.test.ts', ...SERVED_PROXY],
    target: 90,
  },
  {
    name: 'stack-model',
    mutate: ['src/model/stack-model.ts'],
    tests: ['__tests__/model/stack-model.test.ts', '__tests__/model/route-table.test.ts'],
    target: 90,
  },
  {
    name: 'invoke-permissions',
    mutate: ['src/constructs/lambda-handler/invoke-permissions.ts'],
    tests: ['__tests__/constructs/lambda-handler/invoke-permissions.test.ts'],
    target: 90,
  },
  {
    name: 'apigw',
    mutate: ['src/apigw/*.ts'],
    tests: ['__tests__/apigw/*.test.ts'],
    target: 90,
  },
  {
    name: 'validate',
    mutate: ['src/constructs/validate.ts'],
    tests: ['__tests__/constructs/validate.test.ts'],
    target: 95,
  },
  {
    name: 'token-bucket',
    mutate: ['src/local/token-bucket.ts'],
    tests: ['__tests__/local/token-bucket.test.ts'],
    target: 95,
  },
  {
    name: 'usage-plans',
    mutate: ['src/local/usage-plans.ts'],
    tests: ['__tests__/local/usage-plans.test.ts'],
    target: 95,
  },
];
