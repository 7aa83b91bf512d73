/**
 * The server config's ONE schema (TypeBox): its shape, its defaults, its ranges and its TypeScript
 * types. To add a setting, add it here: nothing else. `config.ts` validates a config against it.
 *
 * Other tools write these files, so key names are a contract: add keys, never rename. Every object
 * is closed (`additionalProperties: false`), so a typo is refused instead of silently falling back
 * to a default.
 */
import { Type, type SchemaOptions, type Static, type TObject, type TUnion } from '@sinclair/typebox';
import {
  CONNECTIONS,
  DEFAULTS,
  GRANT_AUTHORIZATION_CODE,
  GRANT_PASSWORDLESS_OTP,
  GRANT_REFRESH_TOKEN,
  GRANT_TYPES,
  type Connection,
  type GrantType,
} from '../protocol/index.js';
import type { CHECKS } from './config-checks.js';

// ---------------------------------------------------------------------------------------------
// Schema building blocks. Extra schema keywords understood by the validator in config.ts:
// - `check`: the name of a string check in CHECKS (URLs, origins), which words its own problem;
// - `errorMessage`: the problem to report for any failure of that very node.

const closed = { additionalProperties: false } as const;

/** A string from a fixed list (one `enum`, so one error, not one per literal). */
const StringEnum = <T extends string>(values: readonly T[], options: SchemaOptions = {}) =>
  Type.Unsafe<T>({ ...options, type: 'string', enum: [...values] });

/** A union of closed objects told apart by `tag`: Ajv validates only the branch the tag selects. */
const Tagged = <T extends TObject[]>(tag: string, variants: [...T], options: SchemaOptions = {}) =>
  Type.Unsafe<Static<TUnion<T>>>({ ...options, type: 'object', discriminator: { propertyName: tag }, oneOf: variants });

const Url = (check: keyof typeof CHECKS) => Type.String({ check });

// ---------------------------------------------------------------------------------------------
// The schema.

/** The algorithms ID tokens can be signed with (keys.ts holds one key of each). */
export const ID_TOKEN_ALGS = ['RS256', 'ES256'] as const;
export type SigningAlg = (typeof ID_TOKEN_ALGS)[number];

export const DEFAULT_SQLITE_PATH = '.data/passwordless.sqlite';
const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;

const connectionOptions = {
  /** When true, unknown identifiers never get an account (and the answer does not reveal it). */
  disable_signup: Type.Optional(Type.Boolean()),
  /** A provider that has not accepted the message within this many milliseconds counts as failed. */
  timeout_ms: Type.Integer({ minimum: 1, maximum: 600_000, default: DEFAULT_DELIVERY_TIMEOUT_MS }),
};

const EmailSchema = Tagged(
  'provider',
  [
    // Dev only: messages are printed and the newest kept for GET /dev/outbox; refused under NODE_ENV=production.
    Type.Object(
      {
        provider: Type.Literal('outbox'),
        /** Accepted and unused here, so that a config switches provider by one key. */
        from: Type.Optional(Type.String()),
        ...connectionOptions,
      },
      closed,
    ),
    Type.Object(
      {
        provider: Type.Literal('smtp'),
        /**
         * nodemailer's URL: `smtp://host:port` (STARTTLS when offered, not tried on loopback),
         * `smtps://host:465`, credentials as `smtp://user:pass@host`.
         */
        url: Url('smtpUrl'),
        /** The sender, e.g. `Example <login@example.com>`. */
        from: Type.String(),
        ...connectionOptions,
      },
      closed,
    ),
    Type.Object(
      {
        provider: Type.Literal('webhook'),
        /** Where each message is POSTed as JSON; any answer but 2xx is a failure (docs/server.md, "Delivery providers"). */
        url: Url('httpUrl'),
        /** Keys the HMAC-SHA-256 of `X-Passwordless-Signature`. */
        secret: Type.String({ minLength: 16 }),
        /** Accepted and unused here, so that a config switches provider by one key. */
        from: Type.Optional(Type.String()),
        ...connectionOptions,
      },
      closed,
    ),
  ],
  { default: { provider: 'outbox' } },
);

const smsOptions = {
  ...connectionOptions,
  /** ISO 3166 alpha-2 codes; absent or empty means every country. */
  allowed_countries: Type.Optional(
    Type.Array(Type.String({ pattern: '^[A-Z]{2}$', errorMessage: 'must be an ISO 3166 alpha-2 code like "US"' })),
  ),
  /**
   * Premium-rate, shared-cost and non-geographic (satellite) numbers, and personal-number, pager and
   * VoIP ranges (UK 070, 076, 056), are refused unless true.
   */
  allow_premium_numbers: Type.Optional(Type.Boolean()),
};

const SmsSchema = Tagged(
  'provider',
  [
    Type.Object({ provider: Type.Literal('outbox'), ...smsOptions }, closed),
    Type.Object(
      {
        provider: Type.Literal('twilio'),
        /** The Twilio account (`AC…`); with `auth_token`, HTTP Basic auth of the Messages API. */
        account_sid: Type.String(),
        /** The account's auth token. */
        auth_token: Type.String(),
        /** `from` or `messaging_service_sid` is required (checked in CROSS_CHECKS). */
        from: Type.Optional(Type.String()),
        /** A Messaging Service (`MG…`) to send from instead of one `from` number. */
        messaging_service_sid: Type.Optional(Type.String()),
        /** The Twilio API's base URL; absent: `https://api.twilio.com`. */
        base_url: Type.Optional(Url('httpUrl')),
        ...smsOptions,
      },
      closed,
    ),
    Type.Object(
      {
        provider: Type.Literal('webhook'),
        /** Where each message is POSTed as JSON; any answer but 2xx is a failure (docs/server.md, "Delivery providers"). */
        url: Url('httpUrl'),
        /** Keys the HMAC-SHA-256 of `X-Passwordless-Signature`. */
        secret: Type.String({ minLength: 16 }),
        ...smsOptions,
      },
      closed,
    ),
  ],
  { default: { provider: 'outbox' } },
);

/** What a client may use at /oauth/token when the config does not say. */
export const DEFAULT_GRANT_TYPES: GrantType[] = [GRANT_PASSWORDLESS_OTP, GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN];

/** Auth0's client grant: an API this client may call with a client_credentials token. */
const ClientGrantSchema = Type.Object(
  {
    /** The API's identifier; absent means the user management API, `{issuer}api/v2/`. */
    audience: Type.Optional(Url('httpUrl')),
    /** The scopes granted; the management API's are read:users, create:users, update:users, delete:users. */
    scope: Type.Array(
      Type.String({
        pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}$',
        errorMessage: 'must be a scope token without spaces',
      }),
    ),
  },
  closed,
);

const ClientSchema = Type.Object(
  {
    /** The application's client ID (the element's `client-id`, OAuth's `client_id`). */
    client_id: Type.String({ minLength: 1 }),
    /** The application's name, as messages and the hosted page show it. */
    name: Type.String({ minLength: 1 }),
    /** Origins (no path, no slash) that get CORS and may call as this client; others get 403. */
    allowed_origins: Type.Array(Type.String({ check: 'origin' }), { default: [] }),
    /** Exact redirect targets of magic links and of /authorize. */
    redirect_uris: Type.Array(Type.String({ check: 'redirectUri' }), { default: [] }),
    /** Shown above the hosted login page's form (over the deployment's `branding.logo_url`). */
    logo_uri: Type.Optional(Url('httpUrl')),
    /**
     * Links under the hosted page's form: the application's help, privacy policy and terms (https,
     * or http on loopback). `policy_uri` and `tos_uri` are the OpenID Connect / RFC 7591 client
     * metadata names, `support_url` Auth0's (a tenant setting there).
     */
    support_url: Type.Optional(Url('brandUrl')),
    policy_uri: Type.Optional(Url('brandUrl')),
    tos_uri: Type.Optional(Url('brandUrl')),
    /** `--pwl-*` custom properties of the element on the hosted login page, e.g. the primary colour. */
    branding: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^--pwl-[a-z0-9-]{1,60}$' }),
        Type.String({ maxLength: 200, pattern: '^[^;{}<>\\\\]*$', errorMessage: 'must be a CSS value' }),
        { additionalProperties: false },
      ),
    ),
    /**
     * The hosted login page sends email magic links (the email carries the code too, so either
     * works); a link opened in the browser that asked completes the sign-in.
     */
    magic_link: Type.Optional(Type.Boolean()),
    /** Where RP-initiated logout may return (exact match), for the end_session_endpoint. */
    post_logout_redirect_uris: Type.Array(Type.String({ check: 'redirectUri' }), { default: [] }),
    /** Connections this client may use. */
    connections: Type.Array(StringEnum<Connection>(CONNECTIONS), { default: [...CONNECTIONS] }),
    /**
     * Confidential clients only; a public browser client has none. The client must then
     * authenticate, by `client_secret` in the body or HTTP Basic, else 401 invalid_client.
     */
    client_secret: Type.Optional(Type.String({ minLength: 16 })),
    /**
     * How this client's ID tokens are signed: RS256 (the default, which every OpenID Connect RP
     * supports) or ES256. Access tokens are always ES256 (keys.ts).
     */
    id_token_signed_response_alg: StringEnum<SigningAlg>(ID_TOKEN_ALGS, { default: 'RS256' }),
    /** Grants this client may use at /oauth/token; `client_credentials` needs a client_secret. */
    grant_types: Type.Array(StringEnum<GrantType>(GRANT_TYPES), { default: [...DEFAULT_GRANT_TYPES] }),
    /** APIs this client may get client_credentials tokens for, and with which scopes. */
    client_grants: Type.Array(ClientGrantSchema, { default: [] }),
    /**
     * Auth0's "Allowed Web Origins": pages that may get a sign-in answer by postMessage
     * (`response_mode=web_message`: auth0-spa-js getTokenSilently, auth0-js checkSession) and call
     * POST /co/authenticate with credentials (embedded auth0-js and Lock). None by default.
     */
    web_origins: Type.Array(Type.String({ check: 'origin' }), { default: [] }),
  },
  closed,
);

/** A positive whole number of seconds (or a count) with its default. */
const limit = (def: number, maximum = 1_000_000_000, errorMessage?: string) =>
  Type.Integer({ minimum: 1, maximum, default: def, ...(errorMessage ? { errorMessage } : {}) });

/**
 * The deployment's branding, Auth0's `GET/PATCH /api/v2/branding` shape: what every application's
 * hosted page and emails are drawn with unless the client has its own (`logo_uri`, `branding`), and
 * what the Management API's stored settings go over (src/server/branding.ts).
 */
export const BrandingSchema = Type.Object(
  {
    logo_url: Type.Optional(Url('brandUrl')),
    favicon_url: Type.Optional(Url('brandUrl')),
    colors: Type.Optional(
      Type.Object(
        {
          primary: Type.Optional(Type.String({ check: 'color' })),
          page_background: Type.Optional(Type.String({ check: 'color' })),
        },
        closed,
      ),
    ),
    /** A font file (woff2, woff, ttf) the hosted page is set in, with the system font as fallback. */
    font: Type.Optional(Type.Object({ url: Type.Optional(Url('brandUrl')) }, closed)),
  },
  closed,
);

const LimitsSchema = Type.Object(
  {
    /** Email code lifetime. */
    code_ttl_seconds: limit(DEFAULTS.codeTtlSeconds),
    /** SMS code lifetime (10 minutes at most). */
    sms_code_ttl_seconds: limit(
      DEFAULTS.codeTtlSeconds,
      DEFAULTS.smsCodeMaxTtlSeconds,
      `must be an integer from 1 to ${DEFAULTS.smsCodeMaxTtlSeconds} (SMS codes live 10 minutes at most)`,
    ),
    /** Magic-link lifetime. */
    link_ttl_seconds: limit(DEFAULTS.linkTtlSeconds),
    /** Wrong tries before a code is dead. */
    max_attempts_per_code: limit(DEFAULTS.maxAttemptsPerCode),
    /** Failures on one identifier from one requester, across codes, before that requester is locked out of it. */
    max_consecutive_failures: limit(DEFAULTS.maxConsecutiveFailures),
    /** How long that lockout lasts. */
    lockout_seconds: limit(DEFAULTS.lockoutSeconds),
    /**
     * Wrong codes against an identifier's live codes per day (a window opened by the first), from
     * all requesters together; past it, each requester's next wrong code locks it until the day
     * ends. Bounds guessing: see docs/security.md, "Lockout".
     */
    guesses_per_identifier_per_day: limit(100),
    /** /passwordless/start calls per client IP per hour. */
    starts_per_ip_per_hour: limit(DEFAULTS.startsPerIpPerHour),
    /** At most one message per recipient per interval. */
    resend_interval_seconds: limit(DEFAULTS.resendIntervalSeconds),
    /** At most this many messages per recipient per `resend_window_seconds`. */
    resends_per_window: limit(DEFAULTS.resendsPerWindow),
    /** The window of `resends_per_window`. */
    resend_window_seconds: limit(DEFAULTS.resendWindowSeconds),
    /** Digits of the number prefix (country code and first digits) the SMS velocity limit counts by, against toll fraud. */
    sms_prefix_digits: limit(6, 15),
    /** SMS per number prefix per hour. */
    sms_per_prefix_per_hour: limit(30),
    /** Lifetime of an authorization code (a magic link's, or the hosted login's). */
    authorization_code_ttl_seconds: limit(DEFAULTS.authorizationCodeTtlSeconds),
    /** Access and ID token lifetime (`expires_in`). */
    token_ttl_seconds: limit(DEFAULTS.tokenTtlSeconds),
    /** Refresh token lifetime (30 days). */
    refresh_token_ttl_seconds: limit(30 * 24 * 3600),
    /** Failed /oauth/token verifications per client IP per hour, then 429 until the hour frees. */
    token_failures_per_ip_per_hour: limit(DEFAULTS.tokenFailuresPerIpPerHour),
    /** Lifetime of a hosted-login session (single sign-on). */
    session_ttl_seconds: limit(7 * 24 * 3600),
  },
  { ...closed, default: {} },
);

export const ConfigSchema = Type.Object(
  {
    /**
     * The public base URL; defaults to http://host:port. Token `iss`, discovery URLs and magic-link
     * hosts come from here, never from the Host header.
     */
    issuer: Type.Optional(Type.String({ check: 'issuer' })),
    /** Listen address (the HOST environment variable overrides it). */
    host: Type.String({ minLength: 1, default: '127.0.0.1' }),
    /** Listen port (the PORT environment variable overrides it). */
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
    /**
     * HMAC-SHA-256 key of stored codes, link tokens, authorization codes and refresh tokens;
     * changing it invalidates all of them. Dev defaults generate one into .data/secret.
     */
    secret: Type.String({ minLength: 32 }),
    /** Where users, challenges, tokens and counters live. */
    store: Tagged(
      'type',
      [
        Type.Object(
          {
            type: Type.Literal('sqlite'),
            /** The SQLite file (WAL mode; its directory is created). One host; several processes may share it. */
            path: Type.String({ minLength: 1, default: DEFAULT_SQLITE_PATH }),
          },
          closed,
        ),
        Type.Object(
          {
            type: Type.Literal('redis'),
            /**
             * Several server processes and hosts may share it; records expire by TTL. Run it with
             * persistence, or set both signing keys: users and generated keys live in it.
             */
            url: Url('redisUrl'),
            /** Prefix of every key; absent: `pwl:`. */
            prefix: Type.Optional(Type.String({ minLength: 1 })),
          },
          closed,
        ),
        // PostgreSQL (docs/postgres.md): users and every short-lived row in one database, shared
        // by any number of API processes.
        Type.Object(
          {
            type: Type.Literal('postgres'),
            /** Users and everything else in one database shared by any number of processes (docs/postgres.md). */
            url: Url('postgresUrl'),
            /** Connections per API process. */
            pool: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
            /** TLS for managed databases; `ca` is PEM text or the path of a PEM file. */
            ssl: Type.Optional(
              Type.Object(
                {
                  /** PEM text, or the path of a PEM file, of the CA that signed the server's certificate. */
                  ca: Type.Optional(Type.String({ minLength: 1 })),
                  /** Refuse a server certificate that does not verify. */
                  rejectUnauthorized: Type.Boolean({ default: true }),
                },
                closed,
              ),
            ),
            /** Milliseconds a statement may run before the server cancels it (the request answers 503). */
            statement_timeout: Type.Integer({ minimum: 50, maximum: 600_000, default: 1000 }),
          },
          closed,
        ),
      ],
      { default: { type: 'sqlite', path: DEFAULT_SQLITE_PATH } },
    ),
    /** How email codes and links are delivered (docs/server.md, "Delivery providers"). */
    email: EmailSchema,
    /** How SMS codes are delivered. */
    sms: SmsSchema,
    /** The applications that may sign users in. */
    clients: Type.Array(ClientSchema, { minItems: 1, errorMessage: 'must be a non-empty array' }),
    /**
     * The ES256 key (access tokens, ES256 ID tokens): PKCS#8 PEM of a P-256 key. Absent: generated
     * on first start and kept in the store.
     */
    signing_key: Type.Optional(
      Type.String({
        pattern: 'BEGIN PRIVATE KEY',
        errorMessage: 'must be a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") of a P-256 key',
      }),
    ),
    /**
     * The RS256 key (ID tokens by default): PEM (PKCS#8 or PKCS#1) of an RSA key of 2048 bits or
     * more. Absent: generated on first start and kept in the store.
     */
    rsa_signing_key: Type.Optional(
      Type.String({
        pattern: 'BEGIN (RSA )?PRIVATE KEY',
        errorMessage: 'must be a PEM ("-----BEGIN PRIVATE KEY-----") of an RSA key of 2048 bits or more',
      }),
    ),
    /** Lifetimes and rate limits (docs/security.md has the rules they set). */
    limits: LimitsSchema,
    /** Largest accepted request body, in bytes; a larger one gets 413 payload_too_large. */
    body_limit: Type.Integer({ minimum: 1024, maximum: 10 * 1024 * 1024, default: 16 * 1024 }),
    /**
     * Which X-Forwarded-For entries to believe (only behind proxies you control): `true` is one
     * hop (the right-most entry is the client), a number that many hops, a list the addresses or
     * CIDR ranges of your proxies. `false`: the socket's address.
     */
    trust_proxy: Type.Union(
      [
        Type.Boolean(),
        Type.Integer({ minimum: 1, maximum: 32 }),
        Type.Array(Type.String({ check: 'proxyAddress' }), { minItems: 1 }),
      ],
      {
        default: false,
        errorMessage:
          'must be true, false, a number of proxy hops from 1 to 32, or a list of proxy addresses or CIDR ranges',
      },
    ),
    /**
     * Per-IP limits key an IPv6 client by its network of this many leading bits (ISPs hand one home
     * a /64, and every address in it); IPv4 clients by their address.
     */
    ipv6_prefix_length: Type.Integer({ minimum: 32, maximum: 128, default: 64 }),
    /**
     * A request's headers and body must have arrived within this many milliseconds of its first
     * byte; a slower one gets 408 and its connection is closed.
     */
    request_timeout_ms: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000 }),
    /** Resource servers (APIs) tokens may be issued for, each with the scopes it defines. */
    apis: Type.Array(
      Type.Object(
        {
          /** The API's identifier, asked for as `audience`; another audience gets 403 access_denied. */
          audience: Type.String({ minLength: 1 }),
          /** Its own scopes; others than OIDC's and these are dropped from a grant. */
          scopes: Type.Array(Type.String({ pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}$' }), { default: [] }),
        },
        closed,
      ),
      { default: [] },
    ),
    /** Who may read /dev/outbox (outbox delivery only): loopback clients, or anyone. */
    dev_outbox: StringEnum(['loopback', 'any'] as const, { default: 'loopback' }),
    /** Passkeys (WebAuthn), offered to clients whose grant_types include the webauthn grant: docs/passkeys.md. */
    passkeys: Type.Object(
      {
        /** The WebAuthn RP ID, a host name (browsers refuse an IP address); default the issuer's host. */
        rp_id: Type.Optional(
          Type.String({
            pattern: '^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$',
            maxLength: 253,
            errorMessage: 'must be a lower-case host name like example.com (not an IP address)',
          }),
        ),
        /** The name an authenticator shows next to a saved passkey. */
        rp_name: Type.String({ minLength: 1, maxLength: 100, default: 'Passwordless Login' }),
        /** Origins a ceremony may run on; default the issuer's origin plus the client's allowed_origins. */
        origins: Type.Optional(Type.Array(Type.String({ check: 'origin' }), { minItems: 1 })),
        /** How long a challenge (an auth_session) lives; single use either way. */
        challenge_ttl_seconds: limit(300, 600),
        /** /passkey/challenge and /passkey/register calls per client IP per hour. */
        challenges_per_ip_per_hour: limit(300),
        /** Passkeys one user may have. */
        max_per_user: limit(20, 100),
      },
      { ...closed, default: {} },
    ),
    /** pino level; `silent` turns logs off. */
    log_level: StringEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, {
      default: 'info',
    }),
    // Operations (docs/operations.md): metrics, shutdown, signing keys from files.
    /**
     * Prometheus metrics at /metrics; absent: off. With `port`, on a listener of their own (on
     * `host`, loopback unless set); without, on the API's listener behind `token` (Bearer), which
     * is then required. A `token` protects the own listener too.
     */
    metrics: Type.Optional(
      Type.Object(
        {
          /** A listener of its own for /metrics. */
          port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
          /** That listener's address. */
          host: Type.String({ minLength: 1, default: '127.0.0.1' }),
          /** Bearer token /metrics asks for. */
          token: Type.Optional(Type.String({ minLength: 32 })),
        },
        {
          ...closed,
          anyOf: [{ required: ['port'] }, { required: ['token'] }],
          errorMessage:
            'needs a port (a listener of its own) or a token of 32 characters or more (Bearer, on the API listener)',
        },
      ),
    ),
    /** SIGTERM: /ready answers 503 for drain_delay_ms, then requests in flight get until grace_ms is over. */
    shutdown: Type.Object(
      {
        /** How long requests in flight get before the process exits. */
        grace_ms: Type.Integer({ minimum: 0, maximum: 600_000, default: 15_000 }),
        /** How long /ready answers 503 before the listener closes, so a load balancer stops sending. */
        drain_delay_ms: Type.Integer({ minimum: 0, maximum: 600_000, default: 0 }),
      },
      { ...closed, default: {} },
    ),
    /** The deployment's branding (docs/branding.md): every client's unless it has its own. */
    branding: Type.Object(BrandingSchema.properties, { ...closed, default: {} }),
    /** `signing_key` and `rsa_signing_key` read from PEM files at start (a mounted secret). */
    signing_key_file: Type.Optional(Type.String({ minLength: 1 })),
    /** See `signing_key_file`. */
    rsa_signing_key_file: Type.Optional(Type.String({ minLength: 1 })),
  },
  closed,
);

/** The validated config, every default filled in. */
export type ServerConfig = Static<typeof ConfigSchema>;
export type ClientConfig = Static<typeof ClientSchema>;
export type ClientGrant = Static<typeof ClientGrantSchema>;
export type BrandingConfig = Static<typeof BrandingSchema>;
export type EmailConfig = ServerConfig['email'];
export type SmsConfig = ServerConfig['sms'];
export type Limits = ServerConfig['limits'];
/** What a config file may hold: everything but `secret` and `clients` has a default. */
export type ServerConfigInput = Partial<Omit<ServerConfig, 'limits'>> & { limits?: Partial<Limits> };
