/**
 * The peer in `npm run bench:server`: panva's oidc-provider (the reference Node OpenID provider),
 * configured for the same two token rows as ours, run as its own process in plain JavaScript (no
 * loader), as a deployment would. PORT from the env.
 * - client_credentials (client `bench-m2m`, client_secret_post) with `resource` = the bench API
 *   (resource indicators): an ES256 JWT access token, as our `audience` answer.
 * - refresh_token (public client `bench`) with rotation on every use and an RS256 ID token: each
 *   answer is a new refresh token, an opaque access token and the ID token, as ours.
 * Storage is the provider's own in-memory adapter (MemoryAdapter on its LRU), only with room for a
 * bench's tokens: its default of 1,000 entries would evict the pre-minted ones mid-round.
 * `POST /bench/mint?n=N` (loopback only) mints N refresh tokens, each of its own grant, through the
 * provider's models, and answers them as a JSON array: the bench calls it before each round.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { Provider } from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';

export const API = 'https://api.bench.example';
const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;

const jwk = (key, alg) => ({ ...key.export({ format: 'jwk' }), alg, use: 'sig' });
const storage = new LRU({ maxSize: 10_000_000 });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'bench',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['https://rp.bench.example/cb'],
      id_token_signed_response_alg: 'RS256',
    },
    {
      client_id: 'bench-m2m',
      client_secret: 'bench-m2m-secret-bench-m2m-secret',
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ],
  jwks: {
    keys: [
      jwk(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'RS256'),
      jwk(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ES256'),
    ],
  },
  adapter: (model) => new MemoryAdapter(model, storage),
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  scopes: ['openid', 'offline_access', 'read:things'],
  rotateRefreshToken: true,
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => false,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== API) throw new Error(`unknown resource ${resource}`);
        return { scope: 'read:things', audience: API, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
      },
    },
  },
});

/** N refresh tokens, each of a new grant for a new account, as an authorization_code flow leaves them. */
async function mint(n) {
  const client = await provider.Client.find('bench');
  const now = Math.floor(Date.now() / 1000);
  const tokens = [];
  for (let i = 0; i < n; i++) {
    const accountId = `user-${now}-${i}`;
    const grant = new provider.Grant({ accountId, clientId: 'bench' });
    grant.addOIDCScope('openid offline_access');
    const grantId = await grant.save();
    const rt = new provider.RefreshToken({
      accountId,
      client,
      grantId,
      scope: 'openid offline_access',
      gty: 'authorization_code',
      authTime: now,
      iiat: now,
    });
    tokens.push(await rt.save());
  }
  return tokens;
}

const callback = provider.callback();
const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.setHeader('content-type', 'application/json');
    return res.end('{"status":"ok"}');
  }
  if (req.url?.startsWith('/bench/mint') && req.method === 'POST') {
    const n = Number(new URL(req.url, issuer).searchParams.get('n') ?? 1);
    if (!/^(::ffff:)?127\./.test(req.socket.remoteAddress ?? '')) {
      res.statusCode = 403;
      return res.end();
    }
    mint(n).then(
      (tokens) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(tokens));
      },
      (err) => {
        res.statusCode = 500;
        res.end(String(err));
      },
    );
    return;
  }
  callback(req, res);
});
server.listen(port, '127.0.0.1', () => console.log(`oidc-provider ${issuer} listening`));
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
