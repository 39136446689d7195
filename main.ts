import { App } from 'cdktf';
import { ApiStack } from './src/api-stack';
import { ENVIRONMENTS } from './src/environments';
import { reportSynthErrors } from './src/errors';

reportSynthErrors(() => {
  const app = new App();
  for (const [name, settings] of Object.entries(ENVIRONMENTS)) new ApiStack(app, name, settings);
  app.synth();
});
