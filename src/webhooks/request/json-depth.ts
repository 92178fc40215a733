/**
 * How deeply a parsed JSON value nests, counted without recursion, so a
 * hostile body cannot overflow the stack here. Stops counting past `limit`.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth += 1) {
    if (depth > limit) return true;
    level = level.flatMap((item): unknown[] => (item !== null && typeof item === 'object' ? Object.values(item) : []));
  }
  return false;
}

/**
 * Whether a parsed JSON value holds more than `limit` members in all (object
 * keys and array items, at any depth), counted without recursion and stopping
 * as soon as the count passes the limit: the validator's transformation costs
 * time by the member, so a wide body is refused before it runs.
 */
export function jsonMembersExceed(value: unknown, limit: number): boolean {
  const stack: unknown[] = [value];
  let members = 0;
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object') continue;
    const children = Array.isArray(item) ? item : Object.values(item);
    members += children.length;
    if (members > limit) return true;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return false;
}
