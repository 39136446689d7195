import { ALL_METHODS_PATH, cachesVerb, methodSettingsLookupOrder, methodSettingsPath } from '../../src/apigw/method-settings';

// `aws_api_gateway_method_settings.method_path`: a resource path with its slashes as `~1`, then the verb
// (UpdateStage patch paths, "Set up stage settings"), or `*/*` for every method of the stage.

describe('methodSettingsPath', () => {
  test('is the resource path with its slashes as ~1, a slash and the verb', () => {
    expect(methodSettingsPath('GET', '/items/{id}')).toBe('~1items~1{id}/GET');
  });

  test('of the root is ~1/VERB, as the AWS CLI prints it', () => {
    expect(methodSettingsPath('POST', '/')).toBe('~1/POST');
  });
});

describe('methodSettingsLookupOrder', () => {
  test('the method, every verb of its resource, in both spellings, then the whole stage', () => {
    expect(methodSettingsLookupOrder('GET', '/items/{id}')).toEqual(['~1items~1{id}/GET', '~1items~1{id}/*', 'items/{id}/GET', 'items/{id}/*', ALL_METHODS_PATH]);
  });

  test('every method of the stage is */*', () => {
    expect(ALL_METHODS_PATH).toBe('*/*');
  });
});

// "Enable API caching for REST APIs": only GET methods are cached unless a method's own setting turns caching on.
describe('cachesVerb', () => {
  test('an entry for every verb caches GET', () => {
    expect(cachesVerb('*/*', 'GET')).toBe(true);
    expect(cachesVerb('~1items/*', 'GET')).toBe(true);
  });

  test('an entry for every verb does not cache other verbs', () => {
    expect(cachesVerb('*/*', 'POST')).toBe(false);
    expect(cachesVerb('~1items/*', 'HEAD')).toBe(false);
  });

  test("a method's own entry caches that method, whatever its verb", () => {
    expect(cachesVerb('~1items/POST', 'POST')).toBe(true);
  });
});
