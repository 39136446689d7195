import { Testing } from 'cdktf';
import { BenchStack } from '../bench/bench-stack';
import { controlPlaneCalls } from '../bench/control-plane';
import { testApp } from './support/helpers';

const synthBench = (routes: number, definition: 'resources' | 'openapi') => JSON.parse(Testing.synth(new BenchStack(testApp(), `bench-${definition}-${routes}`, { resources: routes, definition })));

describe('controlPlaneCalls', () => {
  test('resources: a CreateResource per path and a PutMethod and a PutIntegration per method', () => {
    expect(controlPlaneCalls(synthBench(10, 'resources'))).toEqual({
      byOperation: { CreateDeployment: 1, CreateResource: 10, CreateRestApi: 1, CreateStage: 1, PutIntegration: 20, PutMethod: 20, UpdateStage: 1 },
      total: 54,
      definition: 51,
      // 54 calls at the account's 10 per second outlast 10 CreateResource at 5 per second and the deployment's 5 s.
      minimumSeconds: 5.4,
    });
  });

  test('openapi: the whole definition in CreateRestApi and PutRestApi, whatever the number of routes', () => {
    expect(controlPlaneCalls(synthBench(10, 'openapi'))).toEqual({
      byOperation: { CreateDeployment: 1, CreateRestApi: 1, CreateStage: 1, PutRestApi: 1, UpdateStage: 1 },
      total: 5,
      definition: 2,
      // One CreateDeployment: 1 request every 5 seconds.
      minimumSeconds: 5,
    });
  });

  test('the slowest operation bounds the time when it outlasts the total: CreateResource at 5 per second', () => {
    expect(controlPlaneCalls({ resource: { aws_api_gateway_resource: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`r${i}`, {}])) } }).minimumSeconds).toBe(20);
  });

  test('fails on an API Gateway type whose calls are not known, rather than leave it out', () => {
    expect(() => controlPlaneCalls({ resource: { aws_api_gateway_vpc_link: { v: {} } } })).toThrow('bench/control-plane.ts: no calls known for aws_api_gateway_vpc_link');
  });
});
