// `npm run docs`: rewrites the generated regions of README.md and docs/, so they cannot drift from the code: the
// route table and Mermaid diagram of the example `prod` stack, the example's settings, its scanner exceptions, and
// the configuration reference, read with the TypeScript compiler from the JSDoc of every public props interface.
// `__tests__/readme.test.ts` fails when a file differs from what this would write.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { App, Testing } from 'cdktf';
import { ApiStack } from '../example/api-stack';
import { ENVIRONMENTS } from '../example/environments';
import { SCANNER_EXCEPTIONS } from '../example/security-exceptions';
import { routeDiagram, routeMarkdown } from '../src/model/route-table';
import { parseStack } from '../src/model/stack-model';
import { mutationRegions } from './mutation-report';

export const ROOT = path.resolve(__dirname, '..');
export const README = path.join(ROOT, 'README.md');
const LIBRARY_ENTRY = path.join(ROOT, 'src', 'index.ts');
const EXAMPLE_ENTRY = path.join(ROOT, 'example', 'api-stack.ts');

/** The example stack the docs show. */
const EXAMPLE_STACK = 'prod';

export type RegionName = 'routes' | 'diagram' | 'config-reference' | 'example-settings' | 'scanner-exceptions' | 'mutation-scores' | 'mutation-summary';

/** Which generated regions each documentation file holds, by its path from the project root. */
export const GENERATED_FILES: Record<string, readonly RegionName[]> = {
  'docs/example-app.md': ['routes', 'diagram', 'example-settings'],
  'docs/configuration.md': ['config-reference'],
  'docs/security.md': ['scanner-exceptions'],
  'docs/testing.md': ['mutation-scores'],
  'README.md': ['mutation-summary'],
};

/** The text of each generated region, as it stands in the code now. */
export function generateRegions(): Record<RegionName, string> {
  const model = parseStack(synthesizeExample());
  return {
    routes: routeMarkdown(model),
    diagram: `\`\`\`mermaid\n${routeDiagram(model)}\`\`\`\n`,
    'config-reference': configurationReference().markdown,
    'example-settings': exampleSettings().markdown,
    'scanner-exceptions': scannerExceptions(),
    // The scores of the last `npm run test:mutation`, from its committed results (mutation/*.incremental.json).
    ...mutationRegions(),
  };
}

function synthesizeExample(): string {
  // Testing.synth writes nothing: no bundles, no temporary folder.
  const stack = new ApiStack(new App({ outdir: path.join(ROOT, 'cdktf.out') }), EXAMPLE_STACK, ENVIRONMENTS[EXAMPLE_STACK]);
  return Testing.synth(stack, true);
}

/** The checks `prod` fails by design, one row each, from `SCANNER_EXCEPTIONS`. */
function scannerExceptions(): string {
  const rows = SCANNER_EXCEPTIONS.map((exception) => `| \`${exception.id}\` | ${cell(exception.reason)} |`);
  return ['| Check | Why `prod` does not pass it |', '| --- | --- |', ...rows, ''].join('\n');
}

const BEGIN = (name: string) => `<!-- generated:${name} (npm run docs) -->`;
const END = (name: string) => `<!-- /generated:${name} -->`;

/** `text` (the file `file`) with each region's text between its markers. */
export function renderRegions(text: string, regions: Partial<Record<string, string>>, file = 'README.md'): string {
  let rendered = text;
  for (const [name, content] of Object.entries(regions)) {
    const start = rendered.indexOf(BEGIN(name));
    const end = rendered.indexOf(END(name));
    if (start < 0 || end < start) throw new Error(`${file} has no region "${name}": add the lines ${BEGIN(name)} and ${END(name)}`);
    rendered = `${rendered.slice(0, start + BEGIN(name).length)}\n${content}${rendered.slice(end)}`;
  }
  return rendered;
}

/** Every generated file as it should read now, by its path from the project root. */
export function renderGeneratedFiles(): Record<string, { current: string; rendered: string }> {
  const regions = generateRegions();
  return Object.fromEntries(
    Object.entries(GENERATED_FILES).map(([file, names]) => {
      const current = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const wanted = Object.fromEntries(names.map((name) => [name, regions[name]]));
      return [file, { current, rendered: renderRegions(current, wanted, file) }];
    }),
  );
}

interface Reference {
  readonly markdown: string;
  /** Optional props without `@default`, which STYLE.md requires. */
  readonly problems: string[];
}

/**
 * One table per public props interface: every interface exported from `src/index.ts` whose name ends in
 * `Props` or `Options`, and every settings interface of `src/` their props refer to (`ThrottleSettings`, ...).
 */
export function configurationReference(): Reference {
  // The sources do not change during one run, and a program takes a second to build.
  cachedReference ??= readConfigurationReference(LIBRARY_ENTRY, 'src');
  return cachedReference;
}

/** The example stack's own settings (`ApiStackProps`), from `example/`. */
export function exampleSettings(): Reference {
  cachedExample ??= readConfigurationReference(EXAMPLE_ENTRY, 'example');
  return cachedExample;
}

let cachedReference: Reference | undefined;
let cachedExample: Reference | undefined;

function readConfigurationReference(entry: string, folder: string): Reference {
  const program = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true, baseUrl: ROOT, paths: { 'lambda-rest-api': ['./src/index.ts'] } });
  const checker = program.getTypeChecker();
  const indexFile = program.getSourceFile(entry)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(indexFile)!);
  const inSrc = (node: ts.Node) => !path.relative(path.join(ROOT, folder), node.getSourceFile().fileName).startsWith('..');

  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const aliases = new Map<string, ts.TypeAliasDeclaration>();
  const visit = (declaration: ts.InterfaceDeclaration) => {
    if (interfaces.has(declaration.name.text)) return;
    interfaces.set(declaration.name.text, declaration);
    for (const member of declaration.members) {
      if (ts.isPropertySignature(member) && member.type) collectReferences(member.type);
    }
  };
  const collectReferences = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node)) {
      const symbol = checker.getSymbolAtLocation(node.typeName);
      for (const declaration of (symbol && resolveAlias(checker, symbol))?.declarations ?? []) {
        if (!inSrc(declaration)) continue;
        // Behaviour interfaces (`IIntegration`) are implemented, not configured.
        if (ts.isInterfaceDeclaration(declaration) && !/^I[A-Z]/.test(declaration.name.text)) visit(declaration);
        if (ts.isTypeAliasDeclaration(declaration) && !aliases.has(declaration.name.text)) {
          aliases.set(declaration.name.text, declaration);
          collectReferences(declaration.type);
        }
      }
    }
    ts.forEachChild(node, collectReferences);
  };
  for (const symbol of exported) {
    for (const declaration of resolveAlias(checker, symbol).declarations ?? []) {
      if (ts.isInterfaceDeclaration(declaration) && /(Props|Options)$/.test(declaration.name.text) && inSrc(declaration)) visit(declaration);
    }
  }

  const problems: string[] = [];
  const sections = [...interfaces.keys()].sort().map((name) => {
    const declaration = interfaces.get(name)!;
    const file = path.relative(ROOT, declaration.getSourceFile().fileName).split(path.sep).join('/');
    const heritage = (declaration.heritageClauses ?? []).flatMap((clause) => clause.types.map((type) => `\`${type.getText()}\``));
    const rows = declaration.members.filter(ts.isPropertySignature).map((member) => {
      const prop = member.name.getText();
      const doc = summaryOf(member);
      const defaultTag = ts.getJSDocTags(member).find((tag) => tag.tagName.text === 'default');
      const defaultText = defaultTag ? docText(ts.getTextOfJSDocComment(defaultTag.comment)) : undefined;
      if (member.questionToken && defaultText === undefined) problems.push(`${file}: ${name}.${prop} is optional but has no @default`);
      const type = member.type ? member.type.getText().replace(/\s+/g, ' ') : 'unknown';
      return `| \`${prop}\` | ${code(type)} | ${member.questionToken ? describeDefault(defaultText ?? '') : 'required'} | ${cell(doc)} |`;
    });
    const intro = summaryOf(declaration);
    return [
      `#### \`${name}\``,
      '',
      `${intro ? `${intro} ` : ''}From \`${file}\`${heritage.length ? `; also every prop of ${heritage.join(', ')}` : ''}.`,
      '',
      '| Prop | Type | Default | Description |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');
  });

  const typeRows = [...aliases.keys()].sort().map((name) => {
    const alias = aliases.get(name)!;
    return `| \`${name}\` | ${code(checker.typeToString(checker.getTypeAtLocation(alias.name), alias, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType))} |`;
  });
  const types = typeRows.length ? ['#### Types', '', '| Type | Values |', '| --- | --- |', ...typeRows, ''].join('\n') : '';
  return { markdown: [...sections, types].filter(Boolean).join('\n'), problems };
}

/** What an imported name (`export { X } from`) stands for. */
function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The text of a node's JSDoc comment, before its tags, on one line. */
function summaryOf(node: ts.Node): string {
  return docText(ts.getTextOfJSDocComment(ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).map((jsDoc) => jsDoc.comment).find(Boolean) ?? undefined));
}

/** A JSDoc comment on one line, with the escaped end of comment (`*\/`) unescaped. */
function docText(text: string | undefined): string {
  return (text ?? '').replace(/\*\\\//g, '*/').replace(/\s+/g, ' ').trim();
}

/** `@default 'prod'` is a literal, shown as code; `@default - no description` is prose. */
function describeDefault(text: string): string {
  return text.startsWith('-') ? cell(text.replace(/^-\s*/, '')) : code(text);
}

function code(text: string): string {
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

if (require.main === module) {
  for (const [file, { current, rendered }] of Object.entries(renderGeneratedFiles())) {
    if (rendered === current) {
      console.log(`${file} is up to date`);
    } else {
      fs.writeFileSync(path.join(ROOT, file), rendered);
      console.log(`${file}: generated regions rewritten`);
    }
  }
}
