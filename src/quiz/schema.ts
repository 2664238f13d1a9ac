/**
 * A small JSON Schema validator: the subset of draft 2020-12 that quiz/schema.json uses. It
 * reports every violation (not just the first), and refuses keywords it does not know, so a
 * schema never silently promises a check that is not made.
 */

/** A JSON Schema (object form). */
export type JsonSchema = { [keyword: string]: unknown };

/** One violation: where (path segments), which keyword, and a generic message. */
export interface SchemaError {
  path: Array<string | number>;
  keyword: string;
  message: string;
  /** Keyword-specific details: the limit, the actual value, the field name. */
  params: Record<string, unknown>;
}

const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'examples', 'default', '$defs', 'definitions']);
const KNOWN = new Set([
  ...ANNOTATIONS, '$ref', 'type', 'properties', 'required', 'additionalProperties', 'items', 'minItems',
  'maxItems', 'contains', 'minLength', 'maxLength', 'pattern', 'enum', 'const', 'minimum', 'maximum',
]);

/** The JSON type name of a value ("integer" counts as "number" too). */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  return jsonType(value) === type;
}

/** Length in characters as JSON Schema counts them: Unicode code points, not UTF-16 units. */
export function charLength(s: string): number {
  return Array.from(s).length;
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`schema: only local $ref such as "#/$defs/x" is supported, not "${ref}"`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as JsonSchema | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (!node || typeof node !== 'object') throw new Error(`schema: $ref "${ref}" points nowhere`);
  return node as JsonSchema;
}

/** Validates `value` against `schema`, returning every violation (an empty array when valid). */
export function validateJson(value: unknown, schema: JsonSchema): SchemaError[] {
  const errors: SchemaError[] = [];
  visit(value, schema, schema, [], errors);
  return errors;
}

function visit(value: unknown, schema: JsonSchema, root: JsonSchema, path: Array<string | number>, out: SchemaError[]): void {
  const fail = (keyword: string, message: string, params: Record<string, unknown> = {}): void => {
    out.push({ path, keyword, message, params });
  };
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`schema: keyword "${k}" is not supported by this validator`);

  if (typeof schema.$ref === 'string') visit(value, resolveRef(root, schema.$ref), root, path, out);

  if (schema.type !== undefined) {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
    // A value of the wrong type makes its other checks meaningless: report only this.
    if (!types.some((t) => matchesType(value, t))) {
      return fail('type', `must be ${types.map((t) => (t === 'integer' ? 'a whole number' : `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`)).join(' or ')}, not ${describe(value)}`, { expected: types, actual: jsonType(value) });
    }
  }
  if (schema.const !== undefined && !sameJson(value, schema.const)) fail('const', `must be ${JSON.stringify(schema.const)}`, { expected: schema.const });
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => sameJson(value, e))) {
    fail('enum', `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, not ${JSON.stringify(value)}`, { allowed: schema.enum, actual: value });
  }

  if (typeof value === 'string') {
    const n = charLength(value);
    if (typeof schema.minLength === 'number' && n < schema.minLength) fail('minLength', `is ${n} characters long; at least ${schema.minLength} needed`, { limit: schema.minLength, actual: n });
    if (typeof schema.maxLength === 'number' && n > schema.maxLength) fail('maxLength', `is ${n} characters long; at most ${schema.maxLength} allowed`, { limit: schema.maxLength, actual: n });
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail('pattern', `does not match the pattern ${schema.pattern}`, { pattern: schema.pattern });
  }

  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('minimum', `must be at least ${schema.minimum}`, { limit: schema.minimum, actual: value });
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('maximum', `must be at most ${schema.maximum}`, { limit: schema.maximum, actual: value });
  }

  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('minItems', `has ${value.length} items; at least ${schema.minItems} needed`, { limit: schema.minItems, actual: value.length });
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail('maxItems', `has ${value.length} items; at most ${schema.maxItems} allowed`, { limit: schema.maxItems, actual: value.length });
    if (schema.items && typeof schema.items === 'object') {
      value.forEach((item, i) => visit(item, schema.items as JsonSchema, root, [...path, i], out));
    }
    if (schema.contains && typeof schema.contains === 'object') {
      const hit = value.some((item) => validateJson(item, { ...(schema.contains as JsonSchema), $defs: root.$defs }).length === 0);
      if (!hit) fail('contains', 'has no item matching the required one', {});
    }
  }

  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in obj)) fail('required', `is missing the required field "${name}"`, { field: name });
    }
    for (const [name, v] of Object.entries(obj)) {
      if (props[name]) visit(v, props[name], root, [...path, name], out);
      else if (schema.additionalProperties === false) {
        const guess = closest(name, Object.keys(props));
        fail('additionalProperties', `has an unknown field "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`, { field: name, guess });
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        visit(v, schema.additionalProperties as JsonSchema, root, [...path, name], out);
      }
    }
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describe(value: unknown): string {
  const t = jsonType(value);
  if (t === 'string' || t === 'number' || t === 'boolean') return `${t === 'number' ? '' : t + ' '}${JSON.stringify(value)}`.trim();
  return t === 'null' ? 'empty' : `a${t === 'array' || t === 'object' ? 'n' : ''} ${t}`;
}

/** The known name within edit distance 2 of a misspelt one, for "did you mean" hints. */
function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
