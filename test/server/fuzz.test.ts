/**
 * Malformed requests against every endpoint, over real HTTP (fetch for well-framed ones,
 * a raw socket for broken framing). Headers (language, content type, forwarded headers, huge
 * values), bodies, query strings and framing. No answer may be a 5xx, and every error answer is
 * `{error, error_description}` JSON, except the documented HTML pages (the hosted login page, the
 * magic-link error page, logout) and static assets. Deterministic: a seeded generator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { baseConfig, isErrorShape, post, rawRequest, startServer, type TestServer } from './helpers.js';

/** Paths whose answers may be HTML (or assets) by design. */
const HTML_PATHS = ['/authorize', '/passwordless/verify_redirect', '/oidc/logout', '/v2/logout', '/favicon.ico'];

/**
 * Every route (method and path; a path with parameters names its route pattern third), and a few
 * that do not exist. A test below checks that this list covers every route the app registers.
 */
const ENDPOINTS: [method: string, path: string, pattern?: string][] = [
  ['POST', '/passwordless/start'],
  ['POST', '/oauth/token'],
  ['POST', '/oauth/revoke'],
  ['GET', '/userinfo'],
  ['POST', '/userinfo'],
  ['GET', '/passwordless/verify_redirect'],
  ['GET', '/authorize'],
  ['POST', '/authorize/complete'],
  ['POST', '/authorize/status'],
  ['POST', '/authorize/passkey'],
  ['GET', '/authorize/link'],
  ['GET', '/authorize/branding/demo.css', '/authorize/branding/:file'],
  ['GET', '/authorize/branding/..%2f..%2fetc%2fpasswd', '/authorize/branding/:file'],
  ['GET', '/authorize/assets/hosted.css'],
  ['GET', '/authorize/assets/..%2fpackage.json', '/authorize/assets/:file'],
  ['GET', '/authorize/assets/locales/%00.js', '/authorize/assets/locales/:file'],
  ['GET', '/oidc/logout'],
  ['POST', '/oidc/logout'],
  ['POST', '/oidc/logout/confirm'],
  ['GET', '/v2/logout'],
  ['POST', '/co/authenticate'],
  ['GET', '/authorize/respond'],
  ['GET', '/client/demo.js', '/client/:file'],
  ['GET', '/client/..%2fsecret.js', '/client/:file'],
  ['GET', '/authorize/web-message.js'],
  ['GET', '/ready'],
  ['POST', '/api/v2/jobs/users-imports'],
  ['GET', '/api/v2/jobs/job_x', '/api/v2/jobs/:id'],
  ['GET', '/api/v2/jobs/..%2f..%2fetc/errors', '/api/v2/jobs/:id/errors'],
  ['POST', '/passkey/challenge'],
  ['POST', '/passkey/register'],
  ['POST', '/passkey/register/verify'],
  ['GET', '/me/v1/authentication-methods'],
  ['POST', '/me/v1/authentication-methods'],
  ['GET', '/me/v1/authentication-methods/passkey%7Cx', '/me/v1/authentication-methods/:id'],
  ['DELETE', '/me/v1/authentication-methods/%E0%A4%A', '/me/v1/authentication-methods/:id'],
  ['POST', '/me/v1/authentication-methods/x/verify', '/me/v1/authentication-methods/:id/verify'],
  ['GET', '/api/v2/users/email%7Cx/authentication-methods', '/api/v2/users/:id/authentication-methods'],
  [
    'DELETE',
    '/api/v2/users/email%7Cx/authentication-methods/__proto__',
    '/api/v2/users/:id/authentication-methods/:method_id',
  ],
  ['GET', '/favicon.ico'],
  // The management API: unauthenticated here, and again with a valid token (MANAGEMENT below).
  ['POST', '/api/v2/users'],
  ['GET', '/api/v2/users'],
  ['GET', '/api/v2/users-by-email'],
  ['GET', '/api/v2/users/email%7Cx', '/api/v2/users/:id'],
  ['PATCH', '/api/v2/users/email%7Cx', '/api/v2/users/:id'],
  ['DELETE', '/api/v2/users/%E0%A4%A', '/api/v2/users/:id'],
  ['POST', '/api/v2/users/email%7Cx/identities', '/api/v2/users/:id/identities'],
  ['DELETE', '/api/v2/users/email%7Cx/identities/sms/__proto__', '/api/v2/users/:id/identities/:provider/:user_id'],
  ['GET', '/api/v2/branding'],
  ['PATCH', '/api/v2/branding'],
  ['POST', '/api/v2/email-templates'],
  ['GET', '/api/v2/email-templates/verify_email_by_code', '/api/v2/email-templates/:templateName'],
  ['PUT', '/api/v2/email-templates/verify_email', '/api/v2/email-templates/:templateName'],
  ['PATCH', '/api/v2/email-templates/__proto__', '/api/v2/email-templates/:templateName'],
  ['GET', '/.well-known/openid-configuration'],
  ['GET', '/.well-known/oauth-authorization-server'],
  ['GET', '/.well-known/jwks.json'],
  ['GET', '/health'],
  ['GET', '/dev/outbox'],
  ['DELETE', '/dev/outbox'],
  ['GET', '/dev/mailbox'],
  ['GET', '/dev/emails'],
  ['GET', '/dev/outbox/..%2f..%2fetc%2fpasswd/html', '/dev/outbox/:id/html'],
  ['PUT', '/passwordless/start'],
  ['GET', '/nope'],
];

/** The entries of ENDPOINTS that are deliberately no route: a wrong method and an unknown path. */
const NOT_ROUTES = ['PUT /passwordless/start', 'GET /nope'];

/** Management routes are fuzzed a second time with a valid token, so the bodies reach validation. */
const MANAGEMENT = '/api/v2/';

/** The client that gets the management token, besides the helpers' clients. */
const M2M = { client_id: 'fuzz-m2m', client_secret: 'fuzz-m2m-secret-fuzz-m2m' };

const HEADER_VALUES = [
  'constructor',
  '__proto__',
  'toString',
  'constructor-xx',
  '*;q=abc',
  'en;q=-1, fr;q=1e309',
  ',,,;;;',
  'x'.repeat(8000),
  'é\u0301ü',
  'zh-Hant-TW-u-nu-hanidec',
  '',
];

const BODIES: unknown[] = [
  '{',
  '[]',
  'null',
  '"string"',
  '123',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"client_id":{"$ne":null}}',
  '{"client_id":"demo","connection":"email","email":"a@b.com","send":"code","authParams":"{"}',
  '{"client_id":"demo","connection":"email","email":["a@b.com"]}',
  '{"client_id":"demo","connection":"sms","phone_number":"+1900"}',
  '{"client_id":"demo","connection":"email","email":"x<v@example.com>"}',
  '{"client_id":"demo","connection":"email","email":"\\ud800@example.com"}',
  '{"grant_type":"http://auth0.com/oauth/grant-type/passwordless/otp","client_id":"demo","realm":"email","username":"a@b.com","otp":"１２３４５６"}',
  '{"grant_type":"authorization_code","client_id":"demo","code":"x","code_verifier":"short","redirect_uri":"javascript:alert(1)"}',
  '{"grant_type":"refresh_token","client_id":"demo","refresh_token":{"a":1}}',
  '{"grant_type":"http://auth0.com/oauth/grant-type/passwordless/otp","client_id":"demo","audience":"https://evil","username":"a@b.com","otp":"123456","realm":"email"}',
  '{"connection":"email","email":"a@b.com","user_metadata":{"__proto__":{"x":1}},"app_metadata":[]}',
  '{"connection":"sms","phone_number":"+19002345678","blocked":"yes","email_verified":1}',
  '{"blocked":true,"user_metadata":{"a":{"b":{"c":{"d":{"e":{"f":1}}}}}},"app_metadata":null}',
  '{"provider":"email","user_id":{"$gt":""},"link_with":"x.y.z"}',
  '{"transaction":"x","connection":"email","username":"a@b.com","otp":"123456"}',
  '{"transaction":{"a":1}}',
  '{"confirm":["x"]}',
  `{"client_id":"${'d'.repeat(5000)}"}`,
  'a=1&a=2&authParams[__proto__]=x&client_id=demo',
  '\u0000\u0001\u0002',
  'x'.repeat(20_000),
];

const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/json; charset=utf-16',
  'multipart/form-data; boundary=x',
  'application/json;;;',
  'application/xml',
];

const QUERIES = [
  '?%',
  '?a=%zz',
  '?verification_code=x&connection=email&client_id=demo&email=a@b.com&redirect_uri=https://evil.example',
  '?client_id=demo&response_type=code&redirect_uri=javascript:alert(1)',
  '?client_id[]=x&__proto__[x]=1',
  `?state=${'s'.repeat(10_000)}`,
  '?post_logout_redirect_uri=https://evil.example&id_token_hint=x.y.z',
  '?page=-1&per_page=1e309&include_totals=maybe&q=email:*&sort=__proto__:1',
  '?email=%00@example.com&fields=__proto__',
];

const FRAMINGS = [
  'GET /% HTTP/1.1\r\nHost: x\r\n\r\n',
  'GARBAGE\r\n\r\n',
  'GET /health HTTP/9.9\r\nHost: x\r\n\r\n',
  'GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
  `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`,
  `GET /health?${'q'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  'POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'POST /oauth/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n',
  'POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'POST /passwordless/start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
  'GET /health HTTP/1.1\r\nHost: x\r\nX-Null: a\u0000b\r\n\r\n',
  'GET\r\n\r\n',
  'GET /health HTTP/1.1\r\n\r\n',
  'GET /health HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n',
  'POST /api/v2/users HTTP/1.1\r\nHost: x\r\nExpect: x\r\nContent-Length: 2\r\n\r\n{}',
];

/** mulberry32: a small seeded generator, so every run sends the same requests. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Sent with a valid management token (unless the case sets its own authorization). */
  managementToken?: boolean;
}

function cases(): Case[] {
  const random = seeded(8);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const out: Case[] = [];
  const runs = [
    ...ENDPOINTS.map(([method, path]) => ({ method, path, managementToken: false })),
    ...ENDPOINTS.filter(([, path]) => path.startsWith(MANAGEMENT)).map(([method, path]) => ({
      method,
      path,
      managementToken: true,
    })),
  ];
  for (const { method, path, managementToken } of runs) {
    const start = out.length;
    // Language headers on every endpoint.
    for (const v of HEADER_VALUES.slice(0, 6)) {
      const header = random() < 0.5 ? 'accept-language' : 'x-request-language';
      out.push({ method, path, headers: { [header]: v, 'content-type': 'application/json' }, body: '{}' });
    }
    // Bodies with a random content type.
    if (method !== 'GET') {
      for (const body of BODIES) {
        out.push({ method, path, headers: { 'content-type': pick(CONTENT_TYPES) }, body: String(body) });
      }
    }
    // Query strings.
    for (const q of QUERIES.slice(0, 4)) out.push({ method, path: path + q, headers: {} });
    // Forwarded headers, authorization and cookies with odd values.
    out.push(
      { method, path, headers: { 'x-forwarded-for': pick(HEADER_VALUES), forwarded: 'for="[::1', origin: 'null' } },
      {
        method,
        path,
        headers: { authorization: pick(['Bearer', 'bearer a.b.c', 'Basic ???', 'Bearer ' + 'a'.repeat(4000)]) },
      },
      {
        method,
        path,
        headers: { cookie: pick(['pwl_session=%', '=;=;', 'pwl_browser=' + 'A'.repeat(43), 'a'.repeat(3000)]) },
      },
    );
    if (managementToken) for (const c of out.slice(start)) c.managementToken = true;
  }
  for (const q of QUERIES) out.push({ method: 'GET', path: '/api/v2/users' + q, headers: {}, managementToken: true });
  for (const q of QUERIES) out.push({ method: 'GET', path: '/passwordless/verify_redirect' + q, headers: {} });
  for (const q of QUERIES) out.push({ method: 'GET', path: '/authorize' + q, headers: {} });
  return out;
}

describe('fuzz: malformed requests across every endpoint', () => {
  let s: TestServer;
  let managementToken = '';
  before(async () => {
    const base = baseConfig();
    s = await startServer({
      limits: { starts_per_ip_per_hour: 1_000_000, token_failures_per_ip_per_hour: 1_000_000 },
      clients: [
        ...base.clients,
        {
          ...M2M,
          name: 'Fuzz backend',
          grant_types: ['client_credentials'],
          client_grants: [
            {
              scope: [
                'read:users',
                'create:users',
                'update:users',
                'delete:users',
                'read:branding',
                'update:branding',
                'read:email_templates',
                'update:email_templates',
                'create:email_templates',
              ],
            },
          ],
        },
      ],
    });
    const res = await post(`${s.url}/oauth/token`, {
      grant_type: 'client_credentials',
      ...M2M,
      audience: `${s.url}/api/v2/`,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    managementToken = res.body.access_token as string;
  });
  after(() => s.close());

  const all = cases();

  it('covers every route the app registers', () => {
    // printRoutes draws a tree: "│   ├── /segment (GET, HEAD)"; four characters per level.
    const routes: string[] = [];
    const stack: string[] = [];
    for (const line of s.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)/.exec(line);
      if (!m) continue;
      const depth = m[1]!.length / 4;
      stack.length = depth;
      stack.push(m[2]!);
      for (const method of m[3]!.split(', ')) {
        if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${stack.join('')}`);
      }
    }
    assert.ok(routes.length >= 30, routes.join('\n'));
    const covered = new Set(ENDPOINTS.map(([method, path, pattern]) => `${method} ${pattern ?? path}`));
    assert.deepEqual(
      routes.filter((r) => !covered.has(r)),
      [],
      'routes the fuzz list does not reach',
    );
    // And the other way: the list names only routes that exist (a renamed route leaves no stale entry).
    const registered = new Set(routes);
    assert.deepEqual(
      [...covered].filter((r) => !registered.has(r)).sort(),
      [...NOT_ROUTES].sort(),
      'fuzz entries that name no route of the app',
    );
  });

  it(`sends ${all.length} malformed requests: no 5xx, every error in the documented shape`, async () => {
    assert.ok(all.length >= 300, `${all.length} requests`);
    const problems: string[] = [];
    let answered = 0;
    let managementReached = 0;
    for (const c of all) {
      let res: Response;
      try {
        const auth = c.managementToken && !c.headers.authorization;
        res = await fetch(s.url + c.path, {
          method: c.method,
          headers: auth ? { ...c.headers, authorization: `Bearer ${managementToken}` } : c.headers,
          body: c.body,
          redirect: 'manual',
        });
      } catch (err) {
        // fetch itself refuses some header values (a NUL byte): nothing was sent.
        if (err instanceof TypeError) continue;
        throw err;
      }
      const text = await res.text();
      answered++;
      if (c.managementToken && res.status !== 401 && res.status !== 403) managementReached++;
      const where = `${c.method} ${c.path.slice(0, 80)} ${JSON.stringify(c.headers).slice(0, 80)}`;
      if (res.status >= 500) problems.push(`${res.status} ${where}: ${text.slice(0, 200)}`);
      const htmlPage = HTML_PATHS.some((p) => c.path.startsWith(p)) || c.path.startsWith('/authorize/');
      if (res.status >= 400 && !htmlPage && !isErrorShape(res.headers.get('content-type'), text)) {
        problems.push(`not the error shape: ${res.status} ${where}: ${text.slice(0, 200)}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(answered >= 300, `${answered} answered`);
    assert.ok(managementReached >= 100, `${managementReached} management requests got past the token check`);
    console.log(`# fuzz: ${answered} of ${all.length} requests answered, none 5xx, every error in the shape`);
  });

  it(`sends ${FRAMINGS.length} requests with broken framing over a raw socket`, async () => {
    const problems: string[] = [];
    for (const payload of FRAMINGS) {
      const res = await rawRequest(s.url, payload);
      const where = JSON.stringify(payload.slice(0, 60));
      if (res.status >= 500) problems.push(`${res.status} ${where}`);
      if (res.status >= 400 && !isErrorShape(res.headers['content-type'], res.body)) {
        problems.push(`not the error shape: ${res.status} ${where}: ${res.body.slice(0, 200)}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('the server still works after all of it', async () => {
    const res = await fetch(`${s.url}/health`);
    assert.equal(res.status, 200);
    assert.equal(({}.constructor as unknown as { polluted?: unknown }).polluted, undefined, 'no prototype pollution');
  });
});
