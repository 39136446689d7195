import { App } from 'cdktf';
import { ApiStack } from './example/api-stack';
import { ENVIRONMENTS } from './example/environments';
import { reportSynthErrors } from 'lambda-rest-api';

reportSynthErrors(() => {
  const app = new App();
  for (const [name, settings] of Object.entries(ENVIRONMENTS)) new ApiStack(app, name, settings);
  app.synth();
  return app;
});
