// `lambda-rest-api/local`: a synthesized stack served on this machine with API Gateway's behaviour, for apps that
// wire their own `npm start`, and the local config (`local-api.config.ts`) that gives `serve` a project's stand-ins.

export { LocalApi, DEFAULT_HOST, DEFAULT_PORT } from './local-api';
export type { LocalApiOptions, LoadReport } from './local-api';
export { serveStack, serveUntilStopped, describe as describeServedApi, findLocalConfig, LOCAL_CONFIG_FILES, parsePort } from './serve';
export type { LocalConfig, LocalSetup, ServeOptions } from './serve';
export { synthCommand, findProjectRoot } from './hot-reload';
