// Cutting and bounding what clients send before it reaches a shared insert. A string cut by
// UTF-16 length can end in half a surrogate pair, and one such row makes the engine refuse the
// whole insert it shares with other apps' events; a value nested thousands of levels deep
// overflows the stack of anything that walks it recursively (JSON.stringify included). These
// helpers never throw and never recurse deeper than the limit they are given.

/** `value` cut to at most `maxUnits` UTF-16 units, never inside a surrogate pair. */
export function cutText(value: string, maxUnits: number): string {
  if (value.length <= maxUnits) return value;
  let end = Math.max(0, maxUnits);
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return value.slice(0, end);
}

/** `value` cut like cutText, with unpaired surrogates replaced (U+FFFD): always storable text. */
export function storableText(value: string, maxUnits: number): string {
  return cutText(value, maxUnits).toWellFormed();
}

/** true when objects/arrays in `value` nest deeper than `maxDepth` levels (iterative, stops early) */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: Array<[object, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [object, number];
    if (depth > maxDepth) return true;
    for (const child of Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

export const TOO_DEEP_MARK = '[nested too deep]';

/**
 * JSON text of `value` with anything nested deeper than `maxDepth` levels replaced by
 * TOO_DEEP_MARK; `cut` says whether anything was replaced. Safe on any parsed JSON.
 */
export function boundedJson(value: unknown, maxDepth: number): { readonly json: string; readonly cut: boolean } {
  if (!nestsDeeperThan(value, maxDepth)) return { json: JSON.stringify(value) ?? 'null', cut: false };
  const copy = (v: unknown, depth: number): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (depth > maxDepth) return TOO_DEEP_MARK;
    if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1));
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, x] of Object.entries(v)) out[k] = copy(x, depth + 1);
    return out;
  };
  return { json: JSON.stringify(copy(value, 1)) ?? 'null', cut: true };
}
