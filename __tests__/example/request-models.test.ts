import { ITEM_EVENT_SCHEMA, ITEM_SCHEMA } from '../../example/request-models';
import { FIELDS } from '../../functions/put-item';
import { EVENT_TYPES } from '../../functions/record-event';
import { ITEM_ID } from '../../functions/shared/items';

// The example's request models copy part of what the write functions check: they must not drift apart.
describe('the example request models', () => {
  test('Item has exactly the fields put-item accepts, both required', () => {
    expect([Object.keys(ITEM_SCHEMA.properties!), ITEM_SCHEMA.required, ITEM_SCHEMA.additionalProperties]).toEqual([FIELDS, FIELDS, false]);
  });

  test('ItemEvent allows the event types record-event accepts', () => {
    expect(ITEM_EVENT_SCHEMA.properties!.type.enum).toEqual(EVENT_TYPES);
  });

  test("ItemEvent's itemId pattern is the functions' item id", () => {
    expect(ITEM_EVENT_SCHEMA.properties!.itemId.pattern).toBe(ITEM_ID.source);
  });
});
