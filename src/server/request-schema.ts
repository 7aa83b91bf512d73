/**
 * Requests are read by TypeBox schemas on the routes (through Fastify's type provider), and one
 * formatter turns a failed schema into the `{error, error_description}` the route answered before
 * schemas existed: Auth0's `bad.request` for unknown properties, then each field's own code
 * (`bad.email`, `invalid_request`, `invalid_body`, …) in the order the route declares its fields.
 * A route declares that order and those codes in a small table beside its schema; the message
 * follows from the schema keyword that failed, never from ajv's wording.
 */
import { Type, type Static, type TOptional, type TSchema, type TString } from '@sinclair/typebox';
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { FastifySchemaValidationError, SchemaErrorDataVar } from 'fastify/types/schema.js';
import type { ServerErrorCode } from '../protocol/index.js';
import { ApiError, invalidRequest } from './errors.js';

/** The longest string a request field may carry, unless its schema says otherwise. */
export const MAX_STRING = 4096;

/**
 * Fastify's ajv, as the hand-written readers behaved: no type coercion (a number is not a string),
 * nothing removed silently (an unknown property is refused), every error reported (so the
 * formatter can name every unknown property, and pick the first field in the route's own order).
 */
export const AJV_OPTIONS = {
  customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true },
} satisfies FastifyServerOptions['ajv'];

/** An optional string field of at most `max` characters. */
export const OptString = (max = MAX_STRING) => Type.Optional(Type.String({ maxLength: max }));

/** `schema`, or `null` (ajv's `nullable`, so a failure is one `type` error on the field itself). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, nullable: true });

/** Optional string fields of at most MAX_STRING characters, by name. */
export function optStrings<K extends string>(...names: K[]): { [P in K]: TOptional<TString> } {
  return Object.fromEntries(names.map((n) => [n, OptString()])) as { [P in K]: TOptional<TString> };
}

/** A field the request needs, read from a checked body: absent or empty is `invalid_request`. */
export function required(value: string | undefined, key: string): string {
  if (!value) throw invalidRequest(`Missing required property: ${key}`);
  return value;
}

/** Error table rows: these fields, in this order, all answered with `code` (400). */
export const sameCode = (code: ServerErrorCode, ...names: string[]) => names.map((name) => [name, { code }] as const);

/** How one field's failure is answered: its error code and status (400 unless said). */
export interface FieldError {
  code: ServerErrorCode;
  status?: number;
}

/**
 * A route's error table: its fields in the order they are checked, each with its code; `unknown`
 * is the code of unknown properties and of a body that is not an object (default `bad.request`);
 * `root` the description of the latter.
 */
export interface SchemaErrorTable {
  fields: readonly (readonly [name: string, error: FieldError])[];
  unknown?: FieldError;
  /** Fixed descriptions for some fields' keywords, e.g. `{ 'send.enum': 'send must be code or link.' }`. */
  messages?: Readonly<Record<string, string>>;
  root?: string;
  /**
   * The description of unknown properties, when not Auth0's `The following properties are not
   * allowed: …`; `at` is the object that has them, as a dotted path (`''` for the body itself).
   */
  unknownMessage?: (names: string[], at: string) => string;
}

const ROOT_DESCRIPTION = 'The request body must be a JSON object.';

/** The field an error is about, as a dotted path (`email`, `user_profile.email`). */
function fieldOf(e: FastifySchemaValidationError): string {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') path.push(String((e.params as { missingProperty?: unknown }).missingProperty));
  return path.join('.');
}

const notAllowed = (names: string[]) => `The following properties are not allowed: ${names.join(', ')}`;

/** The unknown properties an error list names, up to ten, in the order they came. */
const unknownNames = (errors: FastifySchemaValidationError[]) =>
  errors.map((e) => String((e.params as { additionalProperty?: unknown }).additionalProperty)).slice(0, 10);

/** A failed keyword's description; a nested field is named by its own key, as the readers did. */
function describe(field: string, keyword: string, table: SchemaErrorTable): string {
  const fixed = table.messages?.[`${field}.${keyword}`];
  if (fixed !== undefined) return fixed;
  const key = field.slice(field.lastIndexOf('.') + 1);
  switch (keyword) {
    case 'required':
    case 'minLength':
      return `Missing required property: ${key}`;
    case 'maxLength':
      return `${key} is too long.`;
    case 'type':
      return `${key} must be a string.`;
    default:
      return `${key} is not valid.`;
  }
}

/**
 * The one schema error formatter: builds a route's `schemaErrorFormatter` from its table. Unknown
 * properties first (all of them, up to ten, as Auth0 lists them), then the first field of the
 * table that failed, with that field's code.
 */
export function schemaErrors(table: SchemaErrorTable) {
  const unknown = table.unknown ?? { code: 'bad.request' };
  const fail = (error: FieldError, description: string) => new ApiError(error.status ?? 400, error.code, description);
  const unknownProperties = (errors: FastifySchemaValidationError[], at: string) =>
    (table.unknownMessage ?? notAllowed)(unknownNames(errors), at);
  return (errors: FastifySchemaValidationError[], _dataVar: SchemaErrorDataVar): Error => {
    if (errors.some((e) => e.instancePath === '' && e.keyword === 'type')) {
      return fail(unknown, table.root ?? ROOT_DESCRIPTION);
    }
    const extra = errors.filter((e) => e.instancePath === '' && e.keyword === 'additionalProperties');
    if (extra.length > 0) return fail(unknown, unknownProperties(extra, ''));
    for (const [name, error] of table.fields) {
      const failed = errors.filter((e) => fieldOf(e) === name);
      const found = failed.find((e) => e.keyword !== 'additionalProperties');
      // An object field's own unknown properties come before its properties' types.
      const nested = failed.filter((e) => e.keyword === 'additionalProperties');
      if (found?.keyword === 'type') return fail(error, describe(name, 'type', table));
      if (nested.length > 0) return fail(unknown, unknownProperties(nested, name));
      if (found) return fail(error, describe(name, found.keyword, table));
    }
    // A schema keyword the table does not name: still the route's own shape.
    return fail(unknown, 'The request is malformed.');
  };
}

/**
 * A body schema's companion hook: an absent or `null` body reads as `{}` (the route then says
 * which property is missing), as the readers did.
 */
export function emptyBodyAsObject(request: FastifyRequest, _reply: unknown, done: () => void): void {
  if (request.body === undefined || request.body === null) request.body = {};
  done();
}

type Hook = (request: FastifyRequest, reply: unknown, done: (err?: Error) => void) => void;

/**
 * The schema-and-formatter part of a route's options; `prepare` hooks reshape a body before it is
 * validated (after an absent body became `{}`).
 */
export function validated<S extends { body?: TSchema; querystring?: TSchema; params?: TSchema; headers?: TSchema }>(
  schema: S,
  table: SchemaErrorTable,
  prepare: readonly Hook[] = [],
) {
  return {
    schema,
    schemaErrorFormatter: schemaErrors(table),
    preValidation: schema.body ? [emptyBodyAsObject, ...prepare] : [...prepare],
  };
}
