import { customDomainUrl, EDGE_CERTIFICATE_REGION } from '../../src/apigw/domains';

describe('customDomainUrl', () => {
  test('is https, the domain and the base path, with a trailing /', () => {
    expect(customDomainUrl('api.example.com', 'v1')).toBe('https://api.example.com/v1/');
  });

  test("is the domain's root without a base path", () => {
    expect([customDomainUrl('api.example.com'), customDomainUrl('api.example.com', '')]).toEqual(['https://api.example.com/', 'https://api.example.com/']);
  });
});

describe('EDGE_CERTIFICATE_REGION', () => {
  test("is us-east-1, where CloudFront reads an edge domain's certificate", () => {
    expect(EDGE_CERTIFICATE_REGION).toBe('us-east-1');
  });
});
