import { usagePlanThrottleKey } from '../../src/apigw/usage-plan-keys';

// UsagePlan `apiStages[].throttle`: a method's key is its resource path, a slash and its verb.
describe('usagePlanThrottleKey', () => {
  test('is the resource path, a slash and the verb', () => {
    expect(usagePlanThrottleKey('GET', '/items/{id}')).toBe('/items/{id}/GET');
  });

  test('of the root is //VERB', () => {
    expect(usagePlanThrottleKey('GET', '/')).toBe('//GET');
  });
});
