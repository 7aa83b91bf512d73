/** OpenID Connect discovery, the JWKS (public key only) and /userinfo. */
import type { FastifyPluginAsync } from 'fastify';
import {
  GRANT_AUTHORIZATION_CODE,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_IMPLICIT,
  GRANT_PASSWORDLESS_OTP,
  GRANT_REFRESH_TOKEN,
  GRANT_WEBAUTHN,
} from '../../protocol/index.js';
import { bearerToken } from '../bearer.js';
import type { AppContext } from '../context.js';
import { invalidToken } from '../errors.js';
import { ID_TOKEN_ALGS } from '../keys.js';
import { rpId } from '../passkeys.js';
import { credentialStore } from '../store/credentials.js';
import { identityClaims, verifyAccessToken } from '../tokens.js';

export function oidcRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const apiScopes = ctx.config.apis.flatMap((a) => a.scopes);
    const implicit = ctx.config.clients.some((c) => c.grant_types.includes(GRANT_IMPLICIT));
    /** What the server really does, and nothing more (OIDC Discovery 1.0, RFC 8414). */
    const metadata = () => {
      const iss = ctx.issuer();
      const base = iss.replace(/\/$/, '');
      // /oauth/token and /oauth/revoke take the same methods (client-auth.ts).
      const authMethods = ['none', 'client_secret_post', 'client_secret_basic'];
      // Passkeys, where this store keeps them and the RP ID is a host name (docs/passkeys.md);
      // each client still needs the grant in its grant_types.
      const passkeys = credentialStore(ctx.store) !== null && rpId(ctx) !== null;
      return {
        issuer: iss,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/oauth/token`,
        // Takes the opaque access tokens issued without an audience and the JWTs issued for an API.
        userinfo_endpoint: `${base}/userinfo`,
        jwks_uri: `${base}/.well-known/jwks.json`,
        end_session_endpoint: `${base}/oidc/logout`,
        revocation_endpoint: `${base}/oauth/revoke`,
        // Implicit only when a client has Auth0's `implicit` grant (off by default: RFC 9700 2.1.2).
        response_types_supported: implicit ? ['code', 'token', 'id_token', 'id_token token'] : ['code'],
        response_modes_supported: ['query', 'fragment', 'web_message'],
        grant_types_supported: [
          GRANT_AUTHORIZATION_CODE,
          GRANT_REFRESH_TOKEN,
          GRANT_PASSWORDLESS_OTP,
          GRANT_CLIENT_CREDENTIALS,
          ...(passkeys ? [GRANT_WEBAUTHN] : []),
          ...(implicit ? [GRANT_IMPLICIT] : []),
        ],
        ...(passkeys
          ? {
              passkey_challenge_endpoint: `${base}/passkey/challenge`,
              passkey_register_endpoint: `${base}/passkey/register`,
            }
          : {}),
        subject_types_supported: ['public'],
        // RS256 by default; ES256 for a client with id_token_signed_response_alg: ES256.
        id_token_signing_alg_values_supported: [...ID_TOKEN_ALGS],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: authMethods,
        revocation_endpoint_auth_methods_supported: authMethods,
        // email and phone release their claims (OIDC Core 5.4); no profile claim is ever released.
        // Then the scopes the configured APIs define, which a grant for that audience keeps.
        scopes_supported: [...new Set(['openid', 'email', 'phone', 'offline_access', ...apiScopes])],
        claims_supported: [
          'sub',
          'iss',
          'aud',
          'iat',
          'exp',
          'nonce',
          'auth_time',
          'amr',
          'sid',
          'email',
          'email_verified',
          'phone_number',
          'phone_number_verified',
        ],
        prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
        claims_parameter_supported: false,
        request_parameter_supported: false,
        request_uri_parameter_supported: false,
        authorization_response_iss_parameter_supported: true,
      };
    };
    app.get('/.well-known/openid-configuration', async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return metadata();
    });
    app.get('/.well-known/oauth-authorization-server', async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return metadata();
    });

    app.get('/.well-known/jwks.json', async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return { keys: [ctx.keys.RS256.publicJwk, ctx.keys.ES256.publicJwk] };
    });

    const userinfo = async (request: import('fastify').FastifyRequest) => {
      const token = bearerToken(request);
      if (!token) throw invalidToken('A Bearer access token is required.', 'Bearer realm="userinfo"');
      const payload = await verifyAccessToken(ctx, token);
      const user = await ctx.store.getUser(payload.sub);
      if (!user || user.blocked) throw invalidToken('The access token has been revoked.');
      // Claims by the token's scope (OIDC Core §5.4), as in the ID token.
      return { sub: user.sub, ...identityClaims(user, payload.scope) };
    };
    app.get('/userinfo', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return userinfo(request);
    });
    app.post('/userinfo', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return userinfo(request);
    });
  };
}
