import type { RouteModel } from '../../src/model/stack-model';
import type { RouteMatch } from '../../src/local/router';
import type { LocalRequest } from '../../src/local/proxy-event';
import type { RequestIdentity } from '../../src/local/request-context';

// One request, its route and its identity, as the proxy event and request context unit tests build them: the ids and
// times are those of AWS's sample proxy event (developer guide, "Input format of a Lambda function for proxy
// integration"), so the expectations read like AWS's own example.

/** A GET of /items/7 from 203.0.113.9, with `overrides` on top. */
export function request(overrides: Partial<LocalRequest> = {}): LocalRequest {
  return {
    httpMethod: 'GET',
    path: '/items/7',
    rawPath: '/items/7',
    query: '',
    rawHeaders: [],
    body: Buffer.alloc(0),
    sourceIp: '203.0.113.9',
    port: 443,
    traceId: 'Root=1-5e272390-8c398be037738dc042009320',
    ...overrides,
  };
}

/** The request's route: GET /items/{id} with id 7. */
export const match: RouteMatch = { route: { httpMethod: 'GET', resourcePath: '/items/{id}' } as RouteModel, pathParameters: { id: '7' } };

export const identity: RequestIdentity = {
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  extendedRequestId: 'c6af9ac67b6111e6',
  apiId: '1234567890',
  deploymentId: 'abc123',
  stage: 'v1',
  accountId: '123456789012',
  requestTimeEpoch: Date.UTC(2015, 3, 9, 12, 34, 56),
  domainName: '1234567890.execute-api.eu-west-1.amazonaws.com',
};
