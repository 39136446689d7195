import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openApiDocument } from '../model/openapi';
import type { StackModel } from '../model/stack-model';
import type { HttpAnswer } from './gateway-errors';

// The API reference of the served stack, outside every stage: `/.openapi/` is a Swagger UI page (from the
// swagger-ui-dist package) over each API's OpenAPI document, `/.openapi/<stage>.json`, whose server is the local
// stage, so "Try it out" calls this local API. A stage name cannot start with "." ("Stage names can only contain
// alphanumeric characters, hyphens, and underscores"), so no route of any stage is hidden by it.

export const API_REFERENCE_PATH = '/.openapi/';

/** The files of swagger-ui-dist the page loads, with their content types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};
const assetCache = new Map<string, Buffer>();

/** The answer for a path of the API reference, or undefined when `path` is not one. */
export function answerApiReference(path: string, stack: StackModel): HttpAnswer | undefined {
  if (path === API_REFERENCE_PATH.slice(0, -1)) return { statusCode: 301, headers: { location: API_REFERENCE_PATH }, body: Buffer.alloc(0) };
  if (!path.startsWith(API_REFERENCE_PATH)) return undefined;
  const name = path.slice(API_REFERENCE_PATH.length);
  if (name === '' || name === 'index.html') return answer('text/html; charset=utf-8', Buffer.from(page(stack)));
  const api = stack.apis.find((candidate) => `${candidate.stage.name}.json` === name);
  if (api) {
    const document = openApiDocument(stack, api, { awsExtensions: false, servers: [{ url: `/${api.stage.name}`, description: `Stage ${api.stage.name} on this local API` }] });
    return answer('application/json', Buffer.from(JSON.stringify(document, null, 2)));
  }
  const contentType = ASSETS[name];
  if (contentType) return answer(contentType, asset(name));
  return { statusCode: 404, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ message: `no ${path}; the API reference is ${API_REFERENCE_PATH}` })) };
}

function answer(contentType: string, body: Buffer): HttpAnswer {
  return { statusCode: 200, headers: { 'content-type': contentType, 'cache-control': 'no-store' }, body };
}

function asset(name: string): Buffer {
  let content = assetCache.get(name);
  if (!content) {
    content = readFileSync(join(dirname(require.resolve('swagger-ui-dist/package.json')), name));
    assetCache.set(name, content);
  }
  return content;
}

/** The reference page: Swagger UI over every API's document, the first selected. */
function page(stack: StackModel): string {
  const urls = stack.apis.map((api) => ({ url: `${api.stage.name}.json`, name: `${api.name} (stage ${api.stage.name})` }));
  // JSON inside a <script>: "<" escaped so no value can close the element.
  const config = JSON.stringify({ urls, dom_id: '#reference', deepLinking: true }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>API reference</title>
<link rel="stylesheet" href="swagger-ui.css">
<link rel="icon" type="image/png" href="favicon-32x32.png">
</head>
<body>
<div id="reference"></div>
<script src="swagger-ui-bundle.js"></script>
<script src="swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle(Object.assign(${config}, { presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' }));
</script>
</body>
</html>
`;
}
