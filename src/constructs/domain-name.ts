import { TerraformOutput, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { ApiGatewayBasePathMapping } from '@cdktf/provider-aws/lib/api-gateway-base-path-mapping';
import { ApiGatewayDomainName } from '@cdktf/provider-aws/lib/api-gateway-domain-name';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { RestApi } from './rest-api/rest-api';
import { ValidationError } from '../apigw/errors';
import { customDomainUrl, EDGE_CERTIFICATE_REGION } from '../apigw/domains';
import { checkProps, propsShape } from './props';

/** Where a custom domain's endpoint lives: in the API's region, or in front of CloudFront's edge locations. */
export type DomainEndpointType = 'REGIONAL' | 'EDGE';
/** The TLS versions and ciphers the domain accepts: TLS 1.2 and later, or also TLS 1.0 and 1.1 for old clients. */
export type SecurityPolicy = 'TLS_1_2' | 'TLS_1_0';

export interface DomainNameProps {
  /** The custom domain callers use, such as `api.example.com`; upper case is lower-cased. */
  readonly domainName: string;
  /**
   * `REGIONAL`: the domain's endpoint is in the stack's region. `EDGE`: it is a CloudFront distribution, and its
   * certificate must be in us-east-1 (a new one is requested there through the resource's `region`).
   * @default 'REGIONAL'
   */
  readonly endpointType?: DomainEndpointType;
  /**
   * ARN of an ACM certificate that covers `domainName` (for `EDGE`, one in us-east-1).
   * @default - a certificate is requested from ACM and validated with a DNS record in the hosted zone
   */
  readonly certificateArn?: string;
  /**
   * Name of the public Route 53 hosted zone that holds `domainName`, such as `example.com`, looked up with the
   * `aws_route53_zone` data source: the domain's alias record and the certificate's validation record go there.
   * @default - the zone `hostedZoneId` names; with neither, no DNS record is written and `certificateArn` is required
   */
  readonly hostedZoneName?: string;
  /**
   * Id of that hosted zone, such as `Z0123456789ABCDEFGHIJ`, instead of its name.
   * @default - the zone `hostedZoneName` names
   */
  readonly hostedZoneId?: string;
  /**
   * The minimum TLS version callers must use.
   * @default 'TLS_1_2'
   */
  readonly securityPolicy?: SecurityPolicy;
}

/** Where one API stage is reachable under the domain. */
export interface BasePathMappingOptions {
  /**
   * The first path segment that selects the API, such as `v1` (`https://api.example.com/v1/items`): letters, digits
   * and `$-_.+!*'()`. Leave it out to map the whole domain, which then serves only this API.
   * @default - the domain's root: `https://api.example.com/items`
   */
  readonly basePath?: string;
}

export const DEFAULT_DOMAIN_ENDPOINT_TYPE: DomainEndpointType = 'REGIONAL';
export const DEFAULT_SECURITY_POLICY: SecurityPolicy = 'TLS_1_2';
const SECURITY_POLICIES: readonly SecurityPolicy[] = ['TLS_1_2', 'TLS_1_0'];
// A DNS name of at least two labels, each 1 to 63 letters, digits and inner "-" (RFC 1035), 253 characters in all.
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
// The characters AWS CDK's BasePathMapping accepts in a base path (one segment; API Gateway's REST API mappings).
const BASE_PATH = /^[A-Za-z0-9$_.+!*'()-]+$/;

const BASE_PATH_MAPPING_OPTIONS = propsShape<BasePathMappingOptions>('BasePathMappingOptions', { basePath: true });
const DOMAIN_NAME_PROPS = propsShape<DomainNameProps>('DomainNameProps', { domainName: true, endpointType: true, certificateArn: true, hostedZoneName: true, hostedZoneId: true, securityPolicy: true });

/**
 * A custom domain name for REST APIs, with its certificate (given, or requested from ACM and validated through DNS),
 * its Route 53 alias record when a hosted zone is given, and the stack output `<id>_url` (in snake case). Map API
 * stages to it with `addBasePathMapping`.
 */
export class DomainName extends Construct {
  /** The domain, lower case. */
  public readonly domainName: string;
  public readonly endpointType: DomainEndpointType;
  /** `https://<domain>/`. */
  public readonly url: string;
  /** The host name the domain's DNS record points at (regional or CloudFront). */
  public readonly targetDomainName: string;
  /** The Route 53 zone id of `targetDomainName`, for an alias record. */
  public readonly targetHostedZoneId: string;

  private readonly domain: ApiGatewayDomainName;
  private readonly basePaths = new Map<string, string>();

  constructor(scope: Construct, id: string, props: DomainNameProps) {
    super(scope, id);
    const where = this.node.path;
    checkProps(where, props, DOMAIN_NAME_PROPS);
    this.domainName = Token.isUnresolved(props.domainName) ? props.domainName : props.domainName.toLowerCase();
    this.endpointType = props.endpointType ?? DEFAULT_DOMAIN_ENDPOINT_TYPE;
    const securityPolicy = props.securityPolicy ?? DEFAULT_SECURITY_POLICY;
    checkDomain(where, this.domainName, this.endpointType, securityPolicy, props);

    const zone = props.hostedZoneName || props.hostedZoneId
      ? new DataAwsRoute53Zone(this, 'HostedZone', props.hostedZoneId ? { zoneId: props.hostedZoneId } : { name: props.hostedZoneName, privateZone: false })
      : undefined;
    const certificateArn = props.certificateArn ?? this.validatedCertificate(zone!);
    const edge = this.endpointType === 'EDGE';
    this.domain = new ApiGatewayDomainName(this, 'DomainName', {
      domainName: this.domainName,
      endpointConfiguration: { types: [this.endpointType] },
      securityPolicy,
      certificateArn: edge ? certificateArn : undefined,
      regionalCertificateArn: edge ? undefined : certificateArn,
    });
    this.targetDomainName = edge ? this.domain.cloudfrontDomainName : this.domain.regionalDomainName;
    this.targetHostedZoneId = edge ? this.domain.cloudfrontZoneId : this.domain.regionalZoneId;
    if (zone) {
      new Route53Record(this, 'AliasRecord', {
        zoneId: zone.zoneId,
        name: this.domainName,
        type: 'A',
        alias: { name: this.targetDomainName, zoneId: this.targetHostedZoneId, evaluateTargetHealth: false },
      });
    }
    this.url = customDomainUrl(this.domainName);
    new TerraformOutput(this, 'Url', { value: this.url, description: `URL of the custom domain ${this.domainName}` }).overrideLogicalId(`${snakeCase(id)}_url`);
  }

  /** Serves `api`'s stage under the domain, at `basePath` or at the root; returns that URL. */
  public addBasePathMapping(api: RestApi, options: BasePathMappingOptions = {}): string {
    const where = this.node.path;
    checkProps(`${where} addBasePathMapping`, options, BASE_PATH_MAPPING_OPTIONS);
    const basePath = options.basePath;
    if (basePath !== undefined && !Token.isUnresolved(basePath) && !BASE_PATH.test(basePath)) {
      throw new ValidationError(`${where}: base path "${basePath}" is not valid; use one path segment of letters, digits and $-_.+!*'(), such as "v1"`);
    }
    if (api.endpointType === 'PRIVATE') {
      throw new ValidationError(`${where}: ${api.node.path} is PRIVATE, and a public custom domain cannot serve it; map a REGIONAL or EDGE API`);
    }
    // A mapping of the root takes the whole domain, so no other mapping can stand beside it (AWS CDK's DomainName:
    // "If this is undefined, no additional mappings will be allowed on this domain name").
    const key = basePath ?? '';
    const sameBasePath = this.basePaths.get(key);
    const root = this.basePaths.get('');
    const [firstOther] = this.basePaths.values();
    if (sameBasePath !== undefined) {
      throw new ValidationError(`${where}: ${key ? `base path "${key}"` : 'the root'} of ${this.domainName} already serves ${sameBasePath}; give each API its own basePath`);
    }
    if (root !== undefined) {
      throw new ValidationError(`${where}: the root of ${this.domainName} serves ${root}, which takes the whole domain; give that API a basePath too`);
    }
    if (key === '' && firstOther !== undefined) {
      throw new ValidationError(`${where}: mapping ${api.node.path} to the root would take the whole domain, but ${firstOther} is already mapped under it; give ${api.node.path} a basePath`);
    }
    this.basePaths.set(key, api.node.path);
    new ApiGatewayBasePathMapping(this, `Mapping ${key || '(root)'}`, {
      domainName: this.domain.domainName,
      apiId: api.restApiId,
      stageName: api.stage.stageName,
      basePath,
    });
    return customDomainUrl(this.domainName, basePath);
  }

  /** A new ACM certificate for the domain, validated with a DNS record in `zone`; for EDGE, made in us-east-1. */
  private validatedCertificate(zone: DataAwsRoute53Zone): string {
    const region = this.endpointType === 'EDGE' ? EDGE_CERTIFICATE_REGION : undefined;
    const certificate = new AcmCertificate(this, 'Certificate', {
      domainName: this.domainName,
      validationMethod: 'DNS',
      region,
      // A replaced certificate is issued before the domain lets go of the old one.
      lifecycle: { createBeforeDestroy: true },
    });
    // One domain name, so one validation option (a set: Terraform reads its only element through tolist()).
    const option = certificate.domainValidationOptions.get(0);
    const record = new Route53Record(this, 'ValidationRecord', {
      zoneId: zone.zoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 60,
      allowOverwrite: true,
    });
    return new AcmCertificateValidation(this, 'CertificateValidation', {
      certificateArn: certificate.arn,
      validationRecordFqdns: [record.fqdn],
      region,
    }).certificateArn;
  }
}

function checkDomain(where: string, domainName: string, endpointType: DomainEndpointType, securityPolicy: SecurityPolicy, props: DomainNameProps): void {
  if (!Token.isUnresolved(domainName) && !DOMAIN_NAME.test(domainName)) {
    throw new ValidationError(`${where}: domain name "${domainName}" is not a DNS name; use labels of letters, digits and "-" joined by ".", such as "api.example.com"`);
  }
  if (!['REGIONAL', 'EDGE'].includes(endpointType)) {
    throw new ValidationError(`${where}: endpointType "${endpointType}" is not valid; use 'REGIONAL' or 'EDGE'`);
  }
  if (!SECURITY_POLICIES.includes(securityPolicy)) {
    throw new ValidationError(`${where}: securityPolicy "${securityPolicy}" is not valid; use 'TLS_1_2' (or 'TLS_1_0' for clients that cannot speak TLS 1.2)`);
  }
  if (props.hostedZoneName !== undefined && props.hostedZoneId !== undefined) {
    throw new ValidationError(`${where}: hostedZoneName "${props.hostedZoneName}" and hostedZoneId "${props.hostedZoneId}" both name the zone; give one of them`);
  }
  const zoneName = props.hostedZoneName?.replace(/\.$/, '').toLowerCase();
  if (zoneName !== undefined && !Token.isUnresolved(zoneName) && !Token.isUnresolved(domainName) && domainName !== zoneName && !domainName.endsWith(`.${zoneName}`)) {
    throw new ValidationError(`${where}: domain name "${domainName}" is not in the hosted zone "${zoneName}"; use a zone that holds it, such as the domain's parent`);
  }
  if (props.certificateArn === undefined && zoneName === undefined && props.hostedZoneId === undefined) {
    throw new ValidationError(
      `${where}: the domain needs a certificate: pass certificateArn, or hostedZoneName (or hostedZoneId) so a new ACM certificate can be validated through DNS`,
    );
  }
  const certificateRegion = props.certificateArn && !Token.isUnresolved(props.certificateArn) ? props.certificateArn.split(':')[3] : undefined;
  if (endpointType === 'EDGE' && certificateRegion !== undefined && certificateRegion !== EDGE_CERTIFICATE_REGION) {
    throw new ValidationError(
      `${where}: an EDGE domain is served by CloudFront, which takes certificates from ${EDGE_CERTIFICATE_REGION} only, but certificateArn is in "${certificateRegion}"; request the certificate in ${EDGE_CERTIFICATE_REGION} or use endpointType 'REGIONAL'`,
    );
  }
}

/** `ApiDomain` → `api_domain`, for the output name. */
function snakeCase(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
}
