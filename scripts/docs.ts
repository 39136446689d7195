// `npm run docs`: rewrites the generated regions of README.md, so they cannot drift from the code:
// the route table and Mermaid diagram of the example `prod` stack, and the configuration reference,
// read with the TypeScript compiler from the JSDoc of every public props interface in `src/`.
// `__tests__/readme.test.ts` fails when README.md differs from what this would write.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { App, Testing } from 'cdktf';
import { ApiStack } from '../example/api-stack';
import { ENVIRONMENTS } from '../example/environments';
import { routeDiagram, routeMarkdown } from '../src/model/route-table';
import { parseStack } from '../src/model/stack-model';

export const ROOT = path.resolve(__dirname, '..');
export const README = path.join(ROOT, 'README.md');
const INDEX = path.join(ROOT, 'src', 'index.ts');

/** The example stack the README shows. */
const EXAMPLE_STACK = 'prod';

export type RegionName = 'routes' | 'diagram' | 'config-reference';

/** The text of each generated region, as it stands in the code now. */
export function generateRegions(): Record<RegionName, string> {
  const model = parseStack(synthesizeExample());
  const reference = configurationReference();
  return {
    routes: routeMarkdown(model),
    diagram: `\`\`\`mermaid\n${routeDiagram(model)}\`\`\`\n`,
    'config-reference': reference.markdown,
  };
}

function synthesizeExample(): string {
  // Testing.synth writes nothing: no bundles, no temporary folder.
  const stack = new ApiStack(new App({ outdir: path.join(ROOT, 'cdktf.out') }), EXAMPLE_STACK, ENVIRONMENTS[EXAMPLE_STACK]);
  return Testing.synth(stack, true);
}

const BEGIN = (name: string) => `<!-- generated:${name} (npm run docs) -->`;
const END = (name: string) => `<!-- /generated:${name} -->`;

/** `readme` with each region's text between its markers. */
export function renderReadme(readme: string, regions: Record<string, string>): string {
  let text = readme;
  for (const [name, content] of Object.entries(regions)) {
    const start = text.indexOf(BEGIN(name));
    const end = text.indexOf(END(name));
    if (start < 0 || end < start) throw new Error(`README.md has no region "${name}": add the lines ${BEGIN(name)} and ${END(name)}`);
    text = `${text.slice(0, start + BEGIN(name).length)}\n${content}${text.slice(end)}`;
  }
  return text;
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
  cachedReference ??= readConfigurationReference();
  return cachedReference;
}

let cachedReference: Reference | undefined;

function readConfigurationReference(): Reference {
  const program = ts.createProgram([INDEX], { strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const indexFile = program.getSourceFile(INDEX)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(indexFile)!);
  const inSrc = (node: ts.Node) => !path.relative(path.join(ROOT, 'src'), node.getSourceFile().fileName).startsWith('..');

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
  const readme = fs.readFileSync(README, 'utf8');
  const updated = renderReadme(readme, generateRegions());
  if (updated === readme) {
    console.log('README.md is up to date');
  } else {
    fs.writeFileSync(README, updated);
    console.log('README.md: generated regions rewritten');
  }
}
