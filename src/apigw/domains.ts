// Custom domain names of REST APIs: the URL a base path mapping serves, and where an edge domain's certificate lives.

/**
 * ACM certificates of EDGE custom domains come from us-east-1, whatever the API's region: the domain is a CloudFront
 * distribution ("Setting up an edge-optimized custom domain name": "the certificate must be in the US East (N.
 * Virginia) Region").
 */
export const EDGE_CERTIFICATE_REGION = 'us-east-1';

/** `https://<domain>/<base path>/`: where a stage mapped to a custom domain is served (its root without a base path). */
export function customDomainUrl(domainName: string, basePath?: string): string {
  return `https://${domainName}/${basePath ? `${basePath}/` : ''}`;
}
