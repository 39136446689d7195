import { configurationReference, exampleSettings, GENERATED_FILES, renderGeneratedFiles, renderRegions } from '../scripts/docs';

describe('the generated documentation', () => {
  const files = renderGeneratedFiles();

  test.each(Object.keys(GENERATED_FILES))('%s holds what npm run docs generates now', (file) => {
    const { current, rendered } = files[file];

    expect({ file, stale: current !== rendered, fix: 'run npm run docs' }).toEqual({ file, stale: false, fix: 'run npm run docs' });
  });

  test('documents a @default for every optional prop of every public props interface (STYLE.md)', () => {
    expect(configurationReference().problems).toEqual([]);
  });

  test("documents a @default for every optional setting of the example's stack", () => {
    expect(exampleSettings().problems).toEqual([]);
  });
});

describe('renderRegions', () => {
  const marked = (name: string, body: string) => `intro\n<!-- generated:${name} (npm run docs) -->\n${body}<!-- /generated:${name} -->\noutro\n`;

  test('replaces what stands between the markers, and nothing else', () => {
    expect(renderRegions(marked('diagram', 'old\n'), { diagram: 'new\n' })).toBe(marked('diagram', 'new\n'));
  });

  test('gives back the same text when the region is current', () => {
    expect(renderRegions(marked('routes', 'same\n'), { routes: 'same\n' })).toBe(marked('routes', 'same\n'));
  });

  test('fails when a region has no markers, naming the file and the lines to add', () => {
    expect(() => renderRegions('no markers\n', { routes: 'x\n' }, 'docs/example-app.md')).toThrow(
      'docs/example-app.md has no region "routes": add the lines <!-- generated:routes (npm run docs) --> and <!-- /generated:routes -->',
    );
  });
});

describe('configuration reference', () => {
  const { markdown } = configurationReference();

  test('has a table per props interface with each prop, its type, default and doc', () => {
    expect(markdown).toContain('#### `LambdaHandlerProps`');
    expect(markdown).toContain("| `timeoutSeconds` | `number` | `10` | Seconds before the function is stopped, 1 to 900. API Gateway stops waiting after 29. |");
    expect(markdown).toContain('| `source` | `string` | required | Folder under `functionsDir` that holds the handler code, such as `list-items`. |');
  });

  test('writes a prose @default as prose and a literal one as code', () => {
    expect(markdown).toMatch(/\| `stageName` \| `string` \| `'prod'` \| /);
    expect(markdown).toMatch(/\| `description` \| `string` \| no description \| Description of the REST API\. \|/);
  });

  test('includes the settings interfaces the props refer to, and the values of their union types', () => {
    expect(markdown).toContain('#### `ThrottleSettings`');
    expect(markdown).toContain("| `EndpointType` | `'REGIONAL' \\| 'EDGE' \\| 'PRIVATE'` |");
  });

  test('leaves out behaviour interfaces, which are implemented rather than configured', () => {
    expect(markdown).not.toMatch(/#### `I[A-Z]\w*`/);
  });
});

describe("the example's settings", () => {
  test('have a table of their own, apart from the library reference', () => {
    expect(exampleSettings().markdown).toContain('#### `ApiStackProps`');
    expect(configurationReference().markdown).not.toContain('ApiStackProps');
  });
});
