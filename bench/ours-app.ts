import { App } from 'cdktf';
import { reportSynthErrors } from '../src/constructs/report-synth-errors';
import { BenchStack } from './bench-stack';

// The benchmark's app, shaped like main.ts: `<runner> bench/ours-app.ts <resources> <resources|openapi>` writes
// cdktf.out/stacks/bench.
reportSynthErrors(() => {
  const app = new App();
  new BenchStack(app, 'bench', { resources: Number(process.argv[2]), definition: process.argv[3] === 'openapi' ? 'openapi' : 'resources' });
  app.synth();
});
