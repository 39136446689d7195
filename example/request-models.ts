import type { JsonSchema } from 'lambda-rest-api';

// The bodies API Gateway checks before the write functions run: a looser copy of what functions/put-item and
// functions/record-event check themselves, so a malformed request is refused for free at the gateway, while the
// functions stay the authority (they also check what JSON Schema cannot say the same way in API Gateway and
// locally, such as put-item's two decimals). __tests__/example/request-models.test.ts keeps the two in step.

/** `PUT /items/{id}`: `{"name", "price"}` and nothing else. */
export const ITEM_SCHEMA: JsonSchema = {
  title: 'Item',
  description: 'An item to store: its name and price',
  type: 'object',
  properties: {
    // Not blank: put-item trims the name and refuses an empty one.
    name: { type: 'string', pattern: '\\S' },
    price: { type: 'number', minimum: 0 },
  },
  required: ['name', 'price'],
  additionalProperties: false,
};

/** `POST /events`: an item event; other fields are ignored, as record-event ignores them. */
export const ITEM_EVENT_SCHEMA: JsonSchema = {
  title: 'ItemEvent',
  description: 'Something that happened to an item',
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['item.viewed', 'item.purchased', 'item.shared'] },
    itemId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
    at: { type: 'string' },
  },
  required: ['type', 'itemId'],
};

/** The example's models, by name: a route of `ROUTES` names the one its body must match. */
export const REQUEST_MODELS = { Item: ITEM_SCHEMA, ItemEvent: ITEM_EVENT_SCHEMA } satisfies Record<string, JsonSchema>;
export type RequestModelName = keyof typeof REQUEST_MODELS;
