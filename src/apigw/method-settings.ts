// `aws_api_gateway_method_settings.method_path`: which methods of a stage one settings entry applies to
// (UpdateStage patch paths, "Set up stage settings": `~1items~1{id}/GET`, `*/*` for every method).

/** Every method of the stage. */
export const ALL_METHODS_PATH = '*/*';

/**
 * `method_path` of one method: the resource path without its leading `/`, its slashes as `~1`, then the verb:
 * `~1items~1{id}/GET`, and `~1/GET` for the root (as the AWS CLI prints it and the provider passes it on unchanged,
 * hashicorp/terraform-provider-aws#9738).
 */
export function methodSettingsPath(httpMethod: string, resourcePath: string): string {
  return `${encodeResourcePath(resourcePath)}/${httpMethod}`;
}

function encodeResourcePath(resourcePath: string): string {
  return resourcePath.replace(/\//g, '~1');
}

/**
 * The `method_path`s that may hold one method's settings, the most specific first, as API Gateway applies them:
 * the method, then every verb of its resource, then the stage's `*\/*`. Each resource path is looked up as this
 * project writes it (`~1items~1{id}`) and in the Terraform docs' `trimprefix(path, "/")` form (`items/{id}`).
 */
export function methodSettingsLookupOrder(httpMethod: string, resourcePath: string): string[] {
  const spellings = [encodeResourcePath(resourcePath), resourcePath.slice(1)];
  return [...spellings.flatMap((path) => [`${path}/${httpMethod}`, `${path}/*`]), ALL_METHODS_PATH];
}

/**
 * Whether caching turned on by the entry at `methodPath` caches `httpMethod`: an entry for every verb (`*\/*`,
 * `~1items/*`) caches GET only ("Enable API caching for REST APIs": only GET methods are cached by default).
 */
export function cachesVerb(methodPath: string, httpMethod: string): boolean {
  return !methodPath.endsWith('/*') || httpMethod === 'GET';
}
