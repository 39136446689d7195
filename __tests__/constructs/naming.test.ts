import { Construct } from 'constructs';
import { NAME_PREFIX_CONTEXT, physicalName } from '../../src/constructs/naming';
import { newStack } from '../support/helpers';

describe('physicalName', () => {
  test("prefixes the name with the stack's id by default", () => {
    expect(physicalName(newStack(), 'api')).toBe('stack-api');
  });

  test("prefixes the name with the stack's name prefix when it has one", () => {
    const stack = newStack();
    stack.node.setContext(NAME_PREFIX_CONTEXT, 'items-prod');

    expect(physicalName(stack, 'api')).toBe('items-prod-api');
  });

  test('reads the prefix from the stack, whatever construct asks', () => {
    const stack = newStack();
    stack.node.setContext(NAME_PREFIX_CONTEXT, 'team');
    const child = new Construct(new Construct(stack, 'Outer'), 'Inner');

    expect(physicalName(child, 'fn')).toBe('team-fn');
  });
});
