import { TerraformStack } from 'cdktf';
import { DomainName, DomainNameProps } from '../../src/constructs/domain-name';
import { LambdaIntegration } from '../../src/constructs/integrations/lambda-integration';
import { RestApi } from '../../src/constructs/rest-api/rest-api';
import { customDomainUrl } from '../../src/apigw/domains';
import { api, handler, newStack, only, resources, synth } from '../support/helpers';

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1234-5678-9abc-def012345678';
const EDGE_CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1234-5678-9abc-def012345678';

/** An API with stage v1 and one method. */
function apiWithMethod(stack: TerraformStack, id = 'Api', stageName = 'v1'): RestApi {
  const restApi = id === 'Api' ? api(stack, { stageName }) : new RestApi(stack, id, { stageName });
  restApi.root.addMethod('GET', new LambdaIntegration(handler(stack, `${id}-fn`)));
  return restApi;
}

function domain(stack: TerraformStack, props: Partial<DomainNameProps> = {}): DomainName {
  return new DomainName(stack, 'ApiDomain', { domainName: 'api.example.com', hostedZoneName: 'example.com', ...props });
}

describe('DomainName', () => {
  describe('defaults', () => {
    const tf = synth((stack) => domain(stack).addBasePathMapping(apiWithMethod(stack)));

    test('is REGIONAL with the TLS_1_2 security policy and the validated certificate', () => {
      expect(only(tf, 'aws_api_gateway_domain_name')).toEqual({
        domain_name: 'api.example.com',
        endpoint_configuration: { types: ['REGIONAL'] },
        security_policy: 'TLS_1_2',
        regional_certificate_arn: expect.stringMatching(/^\$\{aws_acm_certificate_validation\.ApiDomain_CertificateValidation_\w+\.certificate_arn\}$/),
      });
    });

    test('looks the public hosted zone up by name', () => {
      expect(Object.values(tf.data.aws_route53_zone)).toEqual([{ name: 'example.com', private_zone: false }]);
    });

    test('requests a DNS-validated ACM certificate for the domain, replaced create-before-destroy, in the stack region', () => {
      expect(only(tf, 'aws_acm_certificate')).toEqual({ domain_name: 'api.example.com', validation_method: 'DNS', lifecycle: { create_before_destroy: true } });
    });

    test("writes the certificate's validation record in the zone and waits for the validation", () => {
      const validationRecord = resources(tf, 'aws_route53_record').find((record) => record.ttl === 60)!;
      const option = (field: string) => expect.stringMatching(new RegExp(`^\\$\\{tolist\\(aws_acm_certificate\\.ApiDomain_Certificate_\\w+\\.domain_validation_options\\)\\.0\\.${field}\\}$`));

      expect(validationRecord).toEqual({
        zone_id: expect.stringMatching(/^\$\{data\.aws_route53_zone\.ApiDomain_HostedZone_\w+\.zone_id\}$/),
        name: option('resource_record_name'),
        type: option('resource_record_type'),
        records: [option('resource_record_value')],
        ttl: 60,
        allow_overwrite: true,
      });
      expect(only(tf, 'aws_acm_certificate_validation')).toEqual({
        certificate_arn: expect.stringMatching(/^\$\{aws_acm_certificate\.ApiDomain_Certificate_\w+\.arn\}$/),
        validation_record_fqdns: [expect.stringMatching(/^\$\{aws_route53_record\.ApiDomain_ValidationRecord_\w+\.fqdn\}$/)],
      });
    });

    test("points an A alias record of the domain at the domain's regional endpoint", () => {
      expect(resources(tf, 'aws_route53_record').find((record) => record.type === 'A')).toEqual({
        zone_id: expect.stringMatching(/^\$\{data\.aws_route53_zone\.ApiDomain_HostedZone_\w+\.zone_id\}$/),
        name: 'api.example.com',
        type: 'A',
        alias: {
          name: expect.stringMatching(/\.regional_domain_name\}$/),
          zone_id: expect.stringMatching(/\.regional_zone_id\}$/),
          evaluate_target_health: false,
        },
      });
    });

    test("maps the API's stage to the root of the domain", () => {
      expect(only(tf, 'aws_api_gateway_base_path_mapping')).toEqual({
        domain_name: expect.stringMatching(/^\$\{aws_api_gateway_domain_name\.ApiDomain_DomainName_\w+\.domain_name\}$/),
        api_id: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.Api_RestApi_\w+\.id\}$/),
        stage_name: expect.stringMatching(/^\$\{aws_api_gateway_stage\.Api_Stage_\w+\.stage_name\}$/),
      });
    });

    test('outputs its URL as <id in snake case>_url, with a description', () => {
      expect(tf.output).toEqual({ api_domain_url: { value: 'https://api.example.com/', description: 'URL of the custom domain api.example.com' } });
    });
  });

  test('maps several APIs under base paths, and returns the URL of each', () => {
    let urls: string[] = [];
    const tf = synth((stack) => {
      const custom = domain(stack);
      urls = [custom.addBasePathMapping(apiWithMethod(stack), { basePath: 'v1' }), custom.addBasePathMapping(apiWithMethod(stack, 'Admin', 'admin'), { basePath: 'admin' })];
    });

    expect(urls).toEqual(['https://api.example.com/v1/', 'https://api.example.com/admin/']);
    expect(resources(tf, 'aws_api_gateway_base_path_mapping').map((mapping) => mapping.base_path).sort()).toEqual(['admin', 'v1']);
  });

  test('uses the certificate it is given, and requests none', () => {
    const tf = synth((stack) => domain(stack, { certificateArn: CERTIFICATE }));

    expect(only(tf, 'aws_api_gateway_domain_name').regional_certificate_arn).toBe(CERTIFICATE);
    expect([resources(tf, 'aws_acm_certificate'), resources(tf, 'aws_route53_record').map((record) => record.type)]).toEqual([[], ['A']]);
  });

  test('writes no DNS record without a hosted zone, with a certificate given', () => {
    const tf = synth((stack) => new DomainName(stack, 'ApiDomain', { domainName: 'api.example.com', certificateArn: CERTIFICATE }));

    expect([resources(tf, 'aws_route53_record'), tf.data?.aws_route53_zone]).toEqual([[], undefined]);
  });

  test('looks the hosted zone up by id', () => {
    const tf = synth((stack) => domain(stack, { hostedZoneName: undefined, hostedZoneId: 'Z0123456789ABCDEFGHIJ' }));

    expect(Object.values(tf.data.aws_route53_zone)).toEqual([{ zone_id: 'Z0123456789ABCDEFGHIJ' }]);
  });

  test('lower-cases the domain name', () => {
    const tf = synth((stack) => domain(stack, { domainName: 'API.Example.com' }));

    expect(only(tf, 'aws_api_gateway_domain_name').domain_name).toBe('api.example.com');
  });

  test('accepts TLS_1_0 for old clients', () => {
    const tf = synth((stack) => domain(stack, { securityPolicy: 'TLS_1_0' }));

    expect(only(tf, 'aws_api_gateway_domain_name').security_policy).toBe('TLS_1_0');
  });

  describe('EDGE', () => {
    const tf = synth((stack) => domain(stack, { endpointType: 'EDGE' }));

    test('requests and validates its certificate in us-east-1, through the resources\' region', () => {
      expect([only(tf, 'aws_acm_certificate').region, only(tf, 'aws_acm_certificate_validation').region]).toEqual(['us-east-1', 'us-east-1']);
    });

    test('is an EDGE domain with an edge certificate', () => {
      expect(only(tf, 'aws_api_gateway_domain_name')).toMatchObject({
        endpoint_configuration: { types: ['EDGE'] },
        certificate_arn: expect.stringMatching(/certificate_arn\}$/),
      });
      expect(only(tf, 'aws_api_gateway_domain_name')).not.toHaveProperty('regional_certificate_arn');
    });

    test("points its alias record at the domain's CloudFront distribution", () => {
      expect(resources(tf, 'aws_route53_record').find((record) => record.type === 'A')!.alias).toEqual({
        name: expect.stringMatching(/\.cloudfront_domain_name\}$/),
        zone_id: expect.stringMatching(/\.cloudfront_zone_id\}$/),
        evaluate_target_health: false,
      });
    });

    test('accepts a certificate of us-east-1', () => {
      expect(() => domain(newStack(), { endpointType: 'EDGE', certificateArn: EDGE_CERTIFICATE })).not.toThrow();
    });

    test('fails when the certificate it is given is in another region', () => {
      expect(() => domain(newStack(), { endpointType: 'EDGE', certificateArn: CERTIFICATE })).toThrow(
        `stack/ApiDomain: an EDGE domain is served by CloudFront, which takes certificates from us-east-1 only, but certificateArn is in "eu-west-1"; request the certificate in us-east-1 or use endpointType 'REGIONAL'`,
      );
    });
  });

  describe('errors', () => {
    test('fails when the domain name is not a DNS name', () => {
      expect(() => domain(newStack(), { domainName: 'api_example.com' })).toThrow(
        'stack/ApiDomain: domain name "api_example.com" is not a DNS name; use labels of letters, digits and "-" joined by ".", such as "api.example.com"',
      );
    });

    test('fails when the domain is not in the hosted zone', () => {
      expect(() => domain(newStack(), { hostedZoneName: 'example.org' })).toThrow(
        'stack/ApiDomain: domain name "api.example.com" is not in the hosted zone "example.org"; use a zone that holds it, such as the domain\'s parent',
      );
    });

    test('fails when both the zone name and id are given', () => {
      expect(() => domain(newStack(), { hostedZoneId: 'Z1' })).toThrow('stack/ApiDomain: hostedZoneName "example.com" and hostedZoneId "Z1" both name the zone; give one of them');
    });

    test('fails when there is neither a certificate nor a zone to validate one in', () => {
      expect(() => new DomainName(newStack(), 'ApiDomain', { domainName: 'api.example.com' })).toThrow(
        'stack/ApiDomain: the domain needs a certificate: pass certificateArn, or hostedZoneName (or hostedZoneId) so a new ACM certificate can be validated through DNS',
      );
    });

    test('fails when the endpoint type is not REGIONAL or EDGE', () => {
      expect(() => domain(newStack(), { endpointType: 'PRIVATE' as never })).toThrow(`stack/ApiDomain: endpointType "PRIVATE" is not valid; use 'REGIONAL' or 'EDGE'`);
    });

    test('fails when the security policy is not one it offers', () => {
      expect(() => domain(newStack(), { securityPolicy: 'TLS_1_3' as never })).toThrow(
        `stack/ApiDomain: securityPolicy "TLS_1_3" is not valid; use 'TLS_1_2' (or 'TLS_1_0' for clients that cannot speak TLS 1.2)`,
      );
    });

    test('fails when a base path is not one path segment of the allowed characters', () => {
      const stack = newStack();
      expect(() => domain(stack).addBasePathMapping(apiWithMethod(stack), { basePath: 'v1/items' })).toThrow(
        `stack/ApiDomain: base path "v1/items" is not valid; use one path segment of letters, digits and $-_.+!*'(), such as "v1"`,
      );
    });

    test('fails when two APIs take the same base path', () => {
      const stack = newStack();
      const custom = domain(stack);
      custom.addBasePathMapping(apiWithMethod(stack), { basePath: 'v1' });

      expect(() => custom.addBasePathMapping(apiWithMethod(stack, 'Admin'), { basePath: 'v1' })).toThrow(
        'stack/ApiDomain: base path "v1" of api.example.com already serves stack/Api; give each API its own basePath',
      );
    });

    test('fails when an API is added beside one mapped to the root', () => {
      const stack = newStack();
      const custom = domain(stack);
      custom.addBasePathMapping(apiWithMethod(stack));

      expect(() => custom.addBasePathMapping(apiWithMethod(stack, 'Admin'), { basePath: 'admin' })).toThrow(
        'stack/ApiDomain: the root of api.example.com serves stack/Api, which takes the whole domain; give that API a basePath too',
      );
    });

    test('fails when an API is mapped to the root beside one with a base path', () => {
      const stack = newStack();
      const custom = domain(stack);
      custom.addBasePathMapping(apiWithMethod(stack), { basePath: 'v1' });

      expect(() => custom.addBasePathMapping(apiWithMethod(stack, 'Admin'))).toThrow(
        'stack/ApiDomain: mapping stack/Admin to the root would take the whole domain, but stack/Api is already mapped under it; give stack/Admin a basePath',
      );
    });

    test('fails when the API is PRIVATE', () => {
      const stack = newStack();
      const privateApi = new RestApi(stack, 'Private', { endpointType: 'PRIVATE', vpcEndpointIds: ['vpce-0123456789abcdef0'] });

      expect(() => domain(stack).addBasePathMapping(privateApi)).toThrow(
        'stack/ApiDomain: stack/Private is PRIVATE, and a public custom domain cannot serve it; map a REGIONAL or EDGE API',
      );
    });
  });
});

describe('customDomainUrl', () => {
  test('is https://<domain>/ for the root and https://<domain>/<base path>/ for a base path', () => {
    expect([customDomainUrl('api.example.com'), customDomainUrl('api.example.com', 'v1')]).toEqual(['https://api.example.com/', 'https://api.example.com/v1/']);
  });
});
