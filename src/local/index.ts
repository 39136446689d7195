// `lambda-rest-api/local`: a synthesized stack served on this machine with API Gateway's behaviour, for apps that
// wire their own `npm start` (local stand-ins for the AWS services their handlers call, their own variables).

export { LocalApi, DEFAULT_HOST, DEFAULT_PORT } from './local-api';
export type { LocalApiOptions, LoadReport } from './local-api';
export { serveUntilStopped, describe as describeServedApi, parsePort } from './serve';
export { synthCommand, findProjectRoot } from './hot-reload';
