/**
 * Server configuration: loading and validating. The ONE schema (TypeBox) lives in `config-schema.ts`
 * and gives the shape, defaults, ranges and types; here Ajv checks a config against it and fills in
 * the defaults, then the rules across keys run.
 *
 * A bad key or value throws a ConfigError whose message names the key (`config.email.url: is
 * required`), and the CLI stops on it.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { GRANT_CLIENT_CREDENTIALS, MANAGEMENT_SCOPES } from '../protocol/index.js';
import { CHECKS } from './config-checks.js';
import { ConfigSchema, type ServerConfig } from './config-schema.js';

export * from './config-schema.js';
export { brandUrlProblem, colorProblem, originProblem } from './config-checks.js';

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`${key}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Rules across keys, which JSON Schema words badly; run after the schema passed. */
const CROSS_CHECKS: ((c: ServerConfig) => void)[] = [
  (c) => {
    const seen = new Set<string>();
    c.clients.forEach(({ client_id }, i) => {
      if (seen.has(client_id)) {
        throw new ConfigError(`config.clients[${i}].client_id`, `duplicate client_id "${client_id}"`);
      }
      seen.add(client_id);
    });
  },
  (c) => {
    c.clients.forEach((client, i) => {
      const p = `config.clients[${i}]`;
      const m2m = client.grant_types.includes(GRANT_CLIENT_CREDENTIALS);
      if (m2m && client.client_secret === undefined) {
        throw new ConfigError(`${p}.grant_types`, 'client_credentials needs a client_secret (a confidential client)');
      }
      if (client.client_grants.length > 0 && !m2m) {
        throw new ConfigError(`${p}.client_grants`, 'needs "client_credentials" in grant_types');
      }
      client.client_grants.forEach((g, j) => {
        // The user management API (no audience, or an /api/v2/ one) has Auth0's four user scopes.
        if (g.audience !== undefined && !g.audience.endsWith('/api/v2/')) return;
        g.scope.forEach((scope, k) => {
          if (!(MANAGEMENT_SCOPES as readonly string[]).includes(scope)) {
            throw new ConfigError(
              `${p}.client_grants[${j}].scope[${k}]`,
              `must be one of ${MANAGEMENT_SCOPES.join(', ')}`,
            );
          }
        });
      });
    });
  },
  (c) => {
    const seen = new Set<string>();
    c.apis.forEach(({ audience }, i) => {
      if (seen.has(audience)) throw new ConfigError(`config.apis[${i}].audience`, `duplicate audience "${audience}"`);
      seen.add(audience);
    });
  },
  ({ sms }) => {
    if (sms.provider === 'twilio' && !sms.from && !sms.messaging_service_sid) {
      throw new ConfigError('config.sms.from', 'is required (or messaging_service_sid)');
    }
  },
];

// ---------------------------------------------------------------------------------------------
// Validation, and Ajv's errors worded as ConfigErrors.

const check: ((name: keyof typeof CHECKS, data: string) => boolean) & { errors?: Partial<ErrorObject>[] } = (
  name,
  data,
) => {
  const problem = CHECKS[name](data);
  check.errors = problem ? [{ keyword: 'check', message: problem, params: {} }] : [];
  return problem === undefined;
};

/**
 * The config's validator, compiled on first use and held only weakly: a server parses its config
 * once, and the compiled code (about 1 MiB of generated source, code and Ajv's caches) would
 * otherwise stay in its memory for good. Parsing again soon after (tests) reuses it.
 */
let compiled: WeakRef<ValidateFunction<ServerConfig>> | undefined;
function validator(): ValidateFunction<ServerConfig> {
  let validate = compiled?.deref();
  if (!validate) {
    const ajv = new Ajv({ useDefaults: true, discriminator: true, verbose: true, allErrors: false });
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'check', type: 'string', schemaType: 'string', errors: true, validate: check });
    validate = ajv.compile<ServerConfig>(ConfigSchema);
    compiled = new WeakRef(validate);
  }
  return validate;
}

type Schema = Record<string, unknown> & { type?: string; items?: Schema };

/** `/clients/0/allowed_origins` of `data` as `config.clients[0].allowed_origins`. */
function keyOf(pointer: string, data: unknown): string {
  let key = 'config';
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    key += Array.isArray(node) ? `[${part}]` : `.${part}`;
    node = (node as Record<string, unknown> | undefined)?.[part];
  }
  return key;
}

function toConfigError(e: ErrorObject, data: unknown): ConfigError {
  const key = keyOf(e.instancePath, data);
  const schema = (e.parentSchema ?? {}) as Schema;
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return new ConfigError(`${key}.${String(p.missingProperty)}`, 'is required');
  if (e.keyword === 'additionalProperties') {
    const allowed = Object.keys((schema.properties as object | undefined) ?? {}).join(', ');
    return new ConfigError(`${key}.${String(p.additionalProperty)}`, `unknown key (allowed: ${allowed})`);
  }
  if (e.keyword === 'discriminator') {
    const tag = String(p.tag);
    const values = (schema.oneOf as Schema[]).map((b) => (b.properties as Record<string, Schema>)[tag]!.const);
    return new ConfigError(`${key}.${tag}`, `must be one of ${values.join(', ')}`);
  }
  if (typeof schema.errorMessage === 'string') return new ConfigError(key, schema.errorMessage);
  switch (e.keyword) {
    case 'check':
      return new ConfigError(key, e.message ?? 'is not valid');
    case 'enum':
      return new ConfigError(key, `must be one of ${(schema.enum as string[]).join(', ')}`);
    case 'minLength':
      return new ConfigError(key, `must be at least ${String(p.limit)} characters`);
    case 'minimum':
    case 'maximum':
      return new ConfigError(key, `must be an integer from ${String(schema.minimum)} to ${String(schema.maximum)}`);
    case 'type':
      switch (schema.type) {
        case 'string':
          return new ConfigError(key, 'must be a string');
        case 'boolean':
          return new ConfigError(key, 'must be true or false');
        case 'integer':
          return new ConfigError(key, `must be an integer from ${String(schema.minimum)} to ${String(schema.maximum)}`);
        case 'array':
          return new ConfigError(
            key,
            schema.items?.type === 'string' ? 'must be an array of strings' : 'must be an array',
          );
        case 'object':
          return new ConfigError(key, e.instancePath === '' ? 'must be a JSON object' : 'must be an object');
      }
  }
  return new ConfigError(key, e.message ?? 'is not valid');
}

/** Validates a parsed config file (or object) and fills in defaults. Throws ConfigError. */
export function parseConfig(input: unknown): ServerConfig {
  // Ajv writes the defaults into what it checks: work on a copy, never on the caller's object.
  const data = structuredClone(input);
  const validate = validator();
  if (!validate(data)) {
    // A union (anyOf) words its own problem better than the first branch that refused the value.
    const errors = validate.errors!;
    const union = errors.find(
      (e) => e.keyword === 'anyOf' && typeof (e.parentSchema as Schema)?.errorMessage === 'string',
    );
    throw toConfigError(union ?? errors[0]!, data);
  }
  for (const rule of CROSS_CHECKS) rule(data);
  return data;
}
