/**
 * SQL expressions as a small syntax tree, printed in one place. Values only ever enter a query as
 * typed literals escaped by the printer (ClickHouse 18 has no query parameters); column names only
 * from the schema's list; function names only from the list below. No text is pasted into SQL.
 */
import { COLUMN_NAMES, type ColumnName } from '../schema/flow-columns.ts';

/** Functions a query may call: each one a ClickHouse 18.16 and 24+ both have. */
const FUNCTIONS = [
  'and',
  'or',
  'not',
  'equals',
  'notEquals',
  'less',
  'lessOrEquals',
  'greater',
  'greaterOrEquals',
  'plus',
  'minus',
  'multiply',
  'intDiv',
  'modulo',
  'if',
  'multiIf',
  'in',
  'notIn',
  'startsWith',
  'endsWith',
  'position',
  'substring',
  'length',
  'lower',
  'upper',
  'concat',
  'match',
  'like',
  'arrayExists',
  'arrayFilter',
  'arrayConcat',
  'arrayMap',
  'has',
  'hasAny',
  'empty',
  'notEmpty',
  'toUInt64',
  'toUInt32',
  'toInt64',
  'toString',
  'toDateTime',
  'IPv4StringToNum',
  'IPv6StringToNum',
  'reinterpretAsUInt8',
  'bitAnd',
  'unhex',
  'tuple',
  'count',
  'countIf',
  'sum',
  'sumIf',
  'min',
  'max',
  'uniqExact',
  'argMax',
  'groupUniqArray',
  'arrayJoin',
  'arrayElement',
  'least',
  'greatest',
  'replaceRegexpOne',
] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export type Expr =
  | { kind: 'column'; name: ColumnName }
  | { kind: 'string'; value: string }
  | { kind: 'integer'; value: number | bigint }
  | { kind: 'call'; name: FunctionName; args: Expr[] }
  | { kind: 'lambda'; params: string[]; body: Expr }
  /** A lambda's parameter, by the name the lambda gave it. */
  | { kind: 'param'; name: string }
  | { kind: 'array'; items: Expr[] };

export const col = (name: ColumnName): Expr => ({ kind: 'column', name });
export const str = (value: string): Expr => ({ kind: 'string', value });
export const int = (value: number | bigint): Expr => ({ kind: 'integer', value });
export const call = (name: FunctionName, ...args: Expr[]): Expr => ({ kind: 'call', name, args });
export const param = (name: string): Expr => ({ kind: 'param', name });
export const lambda = (params: string[], body: Expr): Expr => ({ kind: 'lambda', params, body });

export const TRUE: Expr = int(1);
export const FALSE: Expr = int(0);

export const eq = (a: Expr, b: Expr): Expr => call('equals', a, b);
export const ne = (a: Expr, b: Expr): Expr => call('notEquals', a, b);
export const not = (a: Expr): Expr => call('not', a);

/** AND of any number of conditions (true when none). */
export function and(...parts: Expr[]): Expr {
  const kept = parts.filter((part) => part !== TRUE);
  if (kept.length === 0) return TRUE;
  return kept.length === 1 ? kept[0]! : call('and', ...kept);
}

/** OR of any number of conditions (false when none). */
export function or(...parts: Expr[]): Expr {
  if (parts.length === 0) return FALSE;
  return parts.length === 1 ? parts[0]! : call('or', ...parts);
}

/** `expr IN (values)`, false for an empty list. */
export function inList(expr: Expr, values: Expr[]): Expr {
  if (values.length === 0) return FALSE;
  return values.length === 1 ? eq(expr, values[0]!) : call('in', expr, { kind: 'call', name: 'tuple', args: values });
}

/**
 * A string literal ClickHouse reads back as exactly `value`: backslash and quote escaped, every
 * control character (NUL included) as \xHH, everything else as UTF-8.
 */
export function quoteString(value: string): string {
  let out = "'";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === "'") out += "\\'";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + "'";
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const KNOWN_COLUMNS = new Set<string>(COLUMN_NAMES);
const KNOWN_FUNCTIONS = new Set<string>(FUNCTIONS);

/** Prints an expression as ClickHouse SQL. Throws on anything not built from the lists above. */
export function printExpr(expr: Expr, params: ReadonlySet<string> = new Set()): string {
  switch (expr.kind) {
    case 'column':
      if (!KNOWN_COLUMNS.has(expr.name)) throw new Error(`not a column of the flow table: ${String(expr.name)}`);
      return expr.name;
    case 'string':
      return quoteString(expr.value);
    case 'integer': {
      const value = expr.value;
      if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error(`not a whole number: ${value}`);
      return value < 0 ? `(${value.toString()})` : value.toString();
    }
    case 'param':
      if (!params.has(expr.name)) throw new Error(`not a lambda parameter here: ${expr.name}`);
      return expr.name;
    case 'array':
      return `[${expr.items.map((item) => printExpr(item, params)).join(', ')}]`;
    case 'lambda': {
      for (const name of expr.params) if (!IDENTIFIER.test(name) || KNOWN_COLUMNS.has(name)) throw new Error(`bad lambda parameter name: ${name}`);
      const inner = new Set([...params, ...expr.params]);
      const head = expr.params.length === 1 ? expr.params[0]! : `(${expr.params.join(', ')})`;
      return `${head} -> ${printExpr(expr.body, inner)}`;
    }
    case 'call': {
      if (!KNOWN_FUNCTIONS.has(expr.name)) throw new Error(`not an allowed function: ${String(expr.name)}`);
      const args = expr.args.map((arg) => printExpr(arg, params));
      if (expr.name === 'tuple') return `(${args.join(', ')}${args.length === 1 ? ',' : ''})`;
      if (expr.name === 'in' || expr.name === 'notIn') return `(${args[0]} ${expr.name === 'in' ? 'IN' : 'NOT IN'} ${args[1]})`;
      return `${expr.name}(${args.join(', ')})`;
    }
  }
}

/**
 * A WHERE condition: printExpr, except that "every flow" is `time_ns >= 0` rather than the constant
 * 1, which ClickHouse 18.x moves to PREWHERE and then fails on an empty table with an ALIAS column
 * ("Not found column time_us in block") — as a shard holding no flows yet is.
 */
export function printWhere(expr: Expr): string {
  return expr === TRUE ? 'time_ns >= 0' : printExpr(expr);
}
