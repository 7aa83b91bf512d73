/**
 * Passkey flows: sign in, sign up and enrol (WebAuthn ceremonies through @simplewebauthn/server,
 * which parses the CBOR and checks the attestation and the signature). The routes parse and answer;
 * the rules live here (docs/passkeys.md):
 * - the RP ID and the origins come from config (default: the issuer's host; the issuer's origin and
 *   the client's allowed_origins);
 * - a ceremony's challenge is a single-use store record under the HMAC of its `auth_session`,
 *   bound to its client (and, to enrol, to its user), living `challenge_ttl_seconds`;
 * - user verification is required; a sign counter that does not go up is refused and logged;
 * - a blocked user is refused; a sign-up's identifier must first be proven with a code in the
 *   same `auth_session`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyRequest } from 'fastify';
import {
  GRANT_WEBAUTHN,
  type Connection,
  type PasskeyAuthenticationMethod,
  type PasskeyChallengeResponse,
  type PasskeyCreationOptionsJSON,
  type PasskeyCredentialJSON,
} from '../protocol/index.js';
import type { ClientConfig } from './config.js';
import type { AppContext } from './context.js';
import { invalidGrant, invalidRequest, notFound, tooManyRequests, unauthorizedClient, userBlocked } from './errors.js';
import { maskIdentifier } from './identifiers.js';
import { signupDisabled } from './policy.js';
import { generateToken } from './secrets.js';
import { blockedUser } from './signin/blocked.js';
import { issuerOrigin } from './signin/same-origin.js';
import { credentialStore, type CredentialStore, type PasskeyCredential } from './store/credentials.js';
import type { Store, User } from './store/types.js';
import { toUser } from './store/user-records.js';

/**
 * @simplewebauthn/server and its ASN.1 and CBOR dependencies (about 4 MiB of heap) are imported by
 * the first ceremony: a server whose clients never use passkeys never holds them.
 */
let webauthnModule: Promise<typeof import('@simplewebauthn/server')> | undefined;
const webauthn = () => (webauthnModule ??= import('@simplewebauthn/server'));

/** The store record kind of a pending ceremony. */
const CEREMONY_KIND = 'passkey';

/**
 * RFC 8176 `amr` of a passkey sign-in: proof of possession of a key (`pop`), unlocked by the
 * user's biometric or PIN on the authenticator (user verification is required), so two factors (`mfa`).
 */
export const PASSKEY_AMR = ['pop', 'mfa'];

/** ES256 and RS256: what every platform authenticator and security key offers. */
const ALGORITHMS = [-7, -257];

interface Ceremony {
  type: 'login' | 'signup' | 'enrol';
  client_id: string;
  challenge: string;
  rp_id: string;
  expires_at: number;
  /** Sign-up: the identifier to prove, and whether a code proved it in this session. */
  connection?: Connection;
  identifier?: string;
  verified?: boolean;
  name?: string;
  /** Enrolment: the signed-in user and the pending method's id. */
  user_id?: string;
  method_id?: string;
}

const refused = {
  session: () => invalidGrant('The passkey session is invalid, expired or already used. Start again.'),
  verification: () => invalidGrant('The passkey could not be verified.'),
  unknown: () => invalidGrant('This passkey is not registered here. Sign in with a code instead.'),
  unproven: (connection: Connection) =>
    invalidGrant(
      `Verify the ${connection === 'sms' ? 'phone number' : 'email address'} with a code in this auth_session ` +
        'before signing up with a passkey (POST /passkey/register/verify).',
    ),
  taken: () => invalidGrant('This passkey is registered already.'),
  tooMany: (max: number) => invalidGrant(`A user may have at most ${max} passkeys. Delete one first.`),
};

/** The RP ID: configured, else the issuer's host; null when that is an IP address (browsers refuse it). */
export function rpId(ctx: AppContext): string | null {
  const id = ctx.config.passkeys.rp_id ?? new URL(ctx.issuer()).hostname;
  return isIP(id.replace(/^\[|\]$/g, '')) === 0 ? id : null;
}

/** The origins a ceremony of `clientId` may come from. */
export function expectedOrigins(ctx: AppContext, clientId: string): string[] {
  if (ctx.config.passkeys.origins) return ctx.config.passkeys.origins;
  const client = ctx.clients.get(clientId);
  return [issuerOrigin(ctx), ...(client?.allowed_origins ?? [])];
}

/** The store's credentials and the RP ID, or why this client gets no passkeys. */
export function passkeyContext(
  ctx: AppContext,
  client: ClientConfig | null,
): { store: Store & CredentialStore; rp: string } {
  const store = credentialStore(ctx.store);
  if (!store) throw unauthorizedClient('This server keeps no passkeys (its store has none).');
  if (client && !client.grant_types.includes(GRANT_WEBAUTHN)) {
    throw unauthorizedClient(`Passkeys are not enabled for this client (grant_types lacks ${GRANT_WEBAUTHN}).`);
  }
  const rp = rpId(ctx);
  if (!rp) {
    throw unauthorizedClient(
      'Passkeys need a host name, and the issuer is an IP address: browsers refuse one as the RP ID. ' +
        'Use localhost (or set passkeys.rp_id).',
    );
  }
  return { store, rp };
}

/**
 * Whether the hosted login page offers passkeys to `client`: passkeys work for it (a store with
 * credentials, its webauthn grant, a host-name RP ID) and the page, on the issuer's origin, may
 * run a ceremony (its host is the RP ID or under it, and its origin is an expected origin).
 */
export function passkeysOnHostedPage(ctx: AppContext, client: ClientConfig): boolean {
  let rp: string;
  try {
    rp = passkeyContext(ctx, client).rp;
  } catch {
    return false;
  }
  const page = new URL(ctx.issuer());
  const host = page.hostname;
  return (host === rp || host.endsWith(`.${rp}`)) && expectedOrigins(ctx, client.client_id).includes(page.origin);
}

/** Per client IP: ceremonies begun per hour. */
async function limitCeremonies(ctx: AppContext, request: FastifyRequest): Promise<void> {
  const out = await ctx.store.hitRateLimits(
    [{ key: `passkey:ip:${request.client.key}`, windowMs: 3600_000, limit: ctx.config.passkeys.challenges_per_ip_per_hour }],
    ctx.now(),
  );
  if (!out.allowed) throw tooManyRequests(out.retryAfterMs);
}

async function saveCeremony(ctx: AppContext, ceremony: Omit<Ceremony, 'expires_at'>, owner?: string) {
  const session = generateToken();
  const expires_at = ctx.now() + ctx.config.passkeys.challenge_ttl_seconds * 1000;
  const value: Ceremony = { ...ceremony, expires_at };
  await ctx.store.putRecord(CEREMONY_KIND, ctx.hash('passkey', session), JSON.stringify(value), expires_at, owner);
  return session;
}

/** Takes (uses up) the ceremony of `session`; null when unknown, expired or used. */
async function takeCeremony(ctx: AppContext, session: string): Promise<Ceremony | null> {
  const raw = await ctx.store.takeRecord(CEREMONY_KIND, ctx.hash('passkey', session), ctx.now());
  return raw ? (JSON.parse(raw) as Ceremony) : null;
}

/**
 * The WebAuthn user handle of an account: the HMAC of its primary identity, so every passkey of
 * one account shares it (an authenticator replaces an old passkey of the same account) and it says
 * nothing about the person.
 */
function userHandle(ctx: AppContext, connection: Connection, identifier: string): Uint8Array {
  return new Uint8Array(Buffer.from(ctx.hash('webauthn-user', `${connection}:${identifier}`), 'base64url'));
}

/** `POST /passkey/challenge`: request options for any discoverable passkey (autofill works). */
export async function beginLogin(
  ctx: AppContext,
  request: FastifyRequest,
  client: ClientConfig,
): Promise<PasskeyChallengeResponse> {
  const { rp } = passkeyContext(ctx, client);
  await limitCeremonies(ctx, request);
  const options = await (await webauthn()).generateAuthenticationOptions({
    rpID: rp,
    allowCredentials: [],
    userVerification: 'required',
    timeout: ctx.config.passkeys.challenge_ttl_seconds * 1000,
  });
  const auth_session = await saveCeremony(ctx, {
    type: 'login',
    client_id: client.client_id,
    challenge: options.challenge,
    rp_id: rp,
  });
  return { authn_params_public_key: { ...options, allowCredentials: [] }, auth_session };
}

async function creationOptions(
  ctx: AppContext,
  rp: string,
  who: { connection: Connection; identifier: string; displayName: string },
  exclude: PasskeyCredential[],
): Promise<PasskeyCreationOptionsJSON> {
  const options = await (await webauthn()).generateRegistrationOptions({
    rpName: ctx.config.passkeys.rp_name,
    rpID: rp,
    userName: who.identifier,
    userDisplayName: who.displayName,
    userID: userHandle(ctx, who.connection, who.identifier) as Uint8Array<ArrayBuffer>,
    attestationType: 'none',
    excludeCredentials: exclude.map((c) => ({ id: c.id, transports: c.transports as never })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: ALGORITHMS,
    timeout: ctx.config.passkeys.challenge_ttl_seconds * 1000,
  });
  return options as PasskeyCreationOptionsJSON;
}

/**
 * `POST /passkey/register`: creation options for a new passkey of `identifier`. Nothing tells
 * whether the identifier has an account; the token exchange needs the code proof first.
 */
export async function beginSignup(
  ctx: AppContext,
  request: FastifyRequest,
  client: ClientConfig,
  connection: Connection,
  identifier: string,
  name: string | undefined,
): Promise<PasskeyChallengeResponse<PasskeyCreationOptionsJSON>> {
  const { rp } = passkeyContext(ctx, client);
  if (!client.connections.includes(connection)) {
    throw unauthorizedClient('The connection is not enabled for this client.');
  }
  if (signupDisabled(ctx.config, connection)) {
    throw unauthorizedClient('Sign-ups are disabled: sign in with a code, then add a passkey to the account.');
  }
  await limitCeremonies(ctx, request);
  const options = await creationOptions(ctx, rp, { connection, identifier, displayName: name ?? identifier }, []);
  const auth_session = await saveCeremony(ctx, {
    type: 'signup',
    client_id: client.client_id,
    challenge: options.challenge,
    rp_id: rp,
    connection,
    identifier,
    verified: false,
    ...(name ? { name } : {}),
  });
  request.log.info(
    { audit: 'passkey.signup_begin', client_id: client.client_id, connection, to: maskIdentifier(identifier) },
    'passkey sign-up begun',
  );
  return { authn_params_public_key: options, auth_session };
}

/**
 * `POST /passkey/register/verify`: the code sent by /passwordless/start to the sign-up's
 * identifier proves it for this `auth_session`. `verifyCode` is the OTP check the token endpoint
 * uses (lockouts, failure counting, blocked users), which also signs the user in.
 */
export async function proveSignup(
  ctx: AppContext,
  client: ClientConfig,
  session: string,
  verifyCode: (connection: Connection, identifier: string) => Promise<User>,
): Promise<void> {
  const id = ctx.hash('passkey', session);
  const raw = await ctx.store.getRecord(CEREMONY_KIND, id, ctx.now());
  const ceremony = raw ? (JSON.parse(raw) as Ceremony) : null;
  if (!ceremony || ceremony.type !== 'signup' || ceremony.client_id !== client.client_id) throw refused.session();
  await verifyCode(ceremony.connection!, ceremony.identifier!);
  // Taken and put back: a session that was used meanwhile stays used.
  if (!(await ctx.store.takeRecord(CEREMONY_KIND, id, ctx.now()))) throw refused.session();
  const proven: Ceremony = { ...ceremony, verified: true };
  await ctx.store.putRecord(CEREMONY_KIND, id, JSON.stringify(proven), ceremony.expires_at);
}

/** `authn_response` as sent: an object (JSON bodies) or its JSON text (form bodies). */
export function readCredential(raw: unknown): PasskeyCredentialJSON {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw invalidRequest('authn_response must be the credential as JSON.');
    }
  }
  const c = value as PasskeyCredentialJSON | null;
  const ok =
    typeof c === 'object' &&
    c !== null &&
    typeof c.id === 'string' &&
    c.id.length > 0 &&
    c.id.length <= 1400 &&
    typeof c.rawId === 'string' &&
    c.type === 'public-key' &&
    typeof c.response === 'object' &&
    c.response !== null &&
    typeof c.response.clientDataJSON === 'string';
  if (!ok) throw invalidRequest('authn_response must be a public-key credential (PublicKeyCredential.toJSON()).');
  return { ...c, clientExtensionResults: c.clientExtensionResults ?? {} };
}

/** What a ceremony's response must match: its challenge, an allowed origin, its RP ID, a verified user. */
const expectations = (ctx: AppContext, ceremony: Ceremony) => ({
  expectedChallenge: ceremony.challenge,
  expectedOrigin: expectedOrigins(ctx, ceremony.client_id),
  expectedRPID: ceremony.rp_id,
  requireUserVerification: true,
});

/** Verifies a creation response against its ceremony: the new credential, ready to store. */
async function verifyCreation(
  ctx: AppContext,
  ceremony: Ceremony,
  response: PasskeyCredentialJSON,
  userId: string,
): Promise<PasskeyCredential> {
  if (typeof response.response.attestationObject !== 'string') throw refused.verification();
  let info;
  try {
    const out = await (await webauthn()).verifyRegistrationResponse({
      response: response as unknown as RegistrationResponseJSON,
      ...expectations(ctx, ceremony),
    });
    if (!out.verified) throw refused.verification();
    info = out.registrationInfo;
  } catch {
    throw refused.verification();
  }
  const now = ctx.now();
  return {
    id: info.credential.id,
    user_id: userId,
    public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports: (response.response.transports ?? []).filter((t) => typeof t === 'string').slice(0, 8),
    device_type: info.credentialDeviceType === 'multiDevice' ? 'multi_device' : 'single_device',
    backed_up: info.credentialBackedUp,
    user_handle: userHandleOf(response, ceremony, ctx),
    aaguid: info.aaguid,
    rp_id: ceremony.rp_id,
    name: ceremony.name ? `Passkey (${ceremony.name.slice(0, 60)})` : 'Passkey',
    created_at: now,
    last_used_at: null,
  };
}

function userHandleOf(_response: PasskeyCredentialJSON, ceremony: Ceremony, ctx: AppContext): string {
  return Buffer.from(userHandle(ctx, ceremony.connection!, ceremony.identifier!)).toString('base64url');
}

/** Stores a new credential of `user` within the per-user limit. */
async function addPasskey(ctx: AppContext, store: CredentialStore, credential: PasskeyCredential): Promise<void> {
  const max = ctx.config.passkeys.max_per_user;
  if ((await store.listCredentials(credential.user_id)).length >= max) throw refused.tooMany(max);
  const out = await store.addCredential(credential);
  if (out === 'exists') throw refused.taken();
  if (out === 'no_user') throw refused.session();
}

/** The outcome of a passkey grant: the user and the method values of the sign-in. */
export interface PasskeySignIn {
  user: User;
  amr: string[];
}

/**
 * The token exchange (`urn:okta:params:oauth:grant-type:webauthn`): uses up the ceremony, verifies
 * the credential and signs the user in. A sign-in's assertion or a proven sign-up's creation.
 */
export async function signInWithPasskey(
  ctx: AppContext,
  request: FastifyRequest,
  client: ClientConfig,
  session: string,
  response: PasskeyCredentialJSON,
): Promise<PasskeySignIn> {
  const { store } = passkeyContext(ctx, client);
  const ceremony = await takeCeremony(ctx, session);
  if (!ceremony || ceremony.client_id !== client.client_id || ceremony.type === 'enrol') {
    request.log.warn({ audit: 'passkey.session_refused', client_id: client.client_id }, 'passkey session refused');
    throw refused.session();
  }
  if (ceremony.type === 'signup') return signUp(ctx, request, store, ceremony, response);
  return logIn(ctx, request, store, ceremony, response);
}

async function logIn(
  ctx: AppContext,
  request: FastifyRequest,
  store: Store & CredentialStore,
  ceremony: Ceremony,
  response: PasskeyCredentialJSON,
): Promise<PasskeySignIn> {
  const r = response.response;
  if (typeof r.authenticatorData !== 'string' || typeof r.signature !== 'string') throw refused.verification();
  const credential = await store.getCredential(response.id);
  if (!credential) throw refused.unknown();
  const audit = { client_id: ceremony.client_id, sub: credential.user_id };
  if (r.userHandle !== undefined && r.userHandle !== credential.user_handle) throw refused.verification();
  let info;
  try {
    const out = await (await webauthn()).verifyAuthenticationResponse({
      response: response as unknown as AuthenticationResponseJSON,
      ...expectations(ctx, ceremony),
      // The counter is the store's to check, atomically (useCredential): 0 here lets every value through.
      credential: {
        id: credential.id,
        publicKey: new Uint8Array(Buffer.from(credential.public_key, 'base64url')),
        counter: 0,
      },
    });
    if (!out.verified) throw refused.verification();
    info = out.authenticationInfo;
  } catch {
    request.log.warn({ audit: 'passkey.verify_failed', ...audit }, 'passkey assertion refused');
    throw refused.verification();
  }
  const user = await store.getUser(credential.user_id);
  if (!user) throw refused.unknown();
  if (user.blocked) throw blockedUser(request, { via: 'passkey', ...audit });
  const now = ctx.now();
  const used = await store.useCredential(credential.id, info.newCounter, info.credentialBackedUp, now);
  if (used.status === 'unknown') throw refused.unknown();
  if (used.status === 'counter') {
    request.log.warn(
      { audit: 'passkey.counter_regressed', ...audit, stored: used.stored, received: info.newCounter },
      'passkey refused: its sign counter did not go up (a cloned authenticator or a replay)',
    );
    throw refused.verification();
  }
  const signedIn = await store.loginUser(user.connection, user.identifier, now, false);
  if (!signedIn) throw refused.unknown();
  if (signedIn.blocked) throw userBlocked();
  request.log.info({ audit: 'verify.ok', via: 'passkey', ...audit }, 'passkey sign-in');
  return { user: signedIn, amr: PASSKEY_AMR };
}

async function signUp(
  ctx: AppContext,
  request: FastifyRequest,
  store: Store & CredentialStore,
  ceremony: Ceremony,
  response: PasskeyCredentialJSON,
): Promise<PasskeySignIn> {
  const connection = ceremony.connection!;
  const identifier = ceremony.identifier!;
  if (!ceremony.verified) throw refused.unproven(connection);
  // The code proof signed the user in (and made the account); it may have been deleted since.
  const record = await store.findUserRecord(connection, identifier);
  const user = record && toUser(record);
  if (!user) throw refused.session();
  if (user.blocked) throw userBlocked();
  const credential = await verifyCreation(ctx, ceremony, response, user.sub);
  await addPasskey(ctx, store, credential);
  request.log.info(
    { audit: 'passkey.added', via: 'signup', client_id: ceremony.client_id, sub: user.sub },
    'passkey saved at sign-up',
  );
  return { user, amr: ['otp', ...PASSKEY_AMR] };
}

/** A stable, short id of a passkey in URLs (credential ids can be over a kilobyte). */
export const methodId = (credentialId: string) =>
  `passkey|${createHash('sha256').update(credentialId).digest('base64url').slice(0, 22)}`;

/** MyAccount's and the Management API's view of a passkey. */
export function toMethod(c: PasskeyCredential): PasskeyAuthenticationMethod {
  return {
    id: methodId(c.id),
    type: 'passkey',
    name: c.name,
    confirmed: true,
    usage: ['primary'],
    created_at: new Date(c.created_at).toISOString(),
    ...(c.last_used_at !== null ? { last_auth_at: new Date(c.last_used_at).toISOString() } : {}),
    key_id: c.id,
    public_key: c.public_key,
    credential_device_type: c.device_type,
    credential_backed_up: c.backed_up,
    identity_user_id: c.user_id.slice(c.user_id.indexOf('|') + 1),
    user_handle: c.user_handle,
    transports: c.transports,
    aaguid: c.aaguid,
    relying_party_id: c.rp_id,
  };
}

/** The user's passkey whose method id is `id`, or null. */
export async function findMethod(
  store: CredentialStore,
  userId: string,
  id: string,
): Promise<PasskeyCredential | null> {
  return (await store.listCredentials(userId)).find((c) => methodId(c.id) === id) ?? null;
}

/** MyAccount `POST /me/v1/authentication-methods {type: "passkey"}`: creation options for a signed-in user. */
export async function beginEnrolment(
  ctx: AppContext,
  request: FastifyRequest,
  user: User,
  clientId: string,
): Promise<PasskeyChallengeResponse<PasskeyCreationOptionsJSON> & { method_id: string }> {
  const { store, rp } = passkeyContext(ctx, null);
  if (user.blocked) throw userBlocked();
  await limitCeremonies(ctx, request);
  const existing = await store.listCredentials(user.sub);
  const max = ctx.config.passkeys.max_per_user;
  if (existing.length >= max) throw refused.tooMany(max);
  const options = await creationOptions(
    ctx,
    rp,
    { connection: user.connection, identifier: user.identifier, displayName: user.identifier },
    existing,
  );
  const method_id = `passkey|${randomBytes(12).toString('base64url')}`;
  const auth_session = await saveCeremony(
    ctx,
    {
      type: 'enrol',
      client_id: clientId,
      challenge: options.challenge,
      rp_id: rp,
      connection: user.connection,
      identifier: user.identifier,
      user_id: user.sub,
      method_id,
    },
    user.sub,
  );
  return { authn_params_public_key: options, auth_session, method_id };
}

/** MyAccount `POST /me/v1/authentication-methods/{id}/verify`: stores the new passkey. */
export async function finishEnrolment(
  ctx: AppContext,
  request: FastifyRequest,
  user: User,
  pendingId: string,
  session: string,
  response: PasskeyCredentialJSON,
): Promise<PasskeyAuthenticationMethod> {
  const { store } = passkeyContext(ctx, null);
  const ceremony = await takeCeremony(ctx, session);
  if (!ceremony || ceremony.type !== 'enrol' || ceremony.user_id !== user.sub || ceremony.method_id !== pendingId) {
    throw refused.session();
  }
  if (user.blocked) throw userBlocked();
  const credential = await verifyCreation(ctx, ceremony, response, user.sub);
  await addPasskey(ctx, store, credential);
  request.log.info(
    { audit: 'passkey.added', via: 'enrolment', client_id: ceremony.client_id, sub: user.sub },
    'passkey saved',
  );
  return toMethod(credential);
}

/** The passkeys of a user (Management API, CLI); 404 when there is no such user. */
export async function userPasskeys(store: Store, userId: string): Promise<PasskeyAuthenticationMethod[]> {
  if (!(await store.getUser(userId))) throw notFound('The user does not exist.');
  const credentials = credentialStore(store);
  return credentials ? (await credentials.listCredentials(userId)).map(toMethod) : [];
}

/** Deletes one passkey of a user (Management API, MyAccount, CLI); 404 when there is none. */
export async function deleteUserPasskey(
  store: Store,
  userId: string,
  id: string,
  audit: (entry: Record<string, unknown>, message: string) => void,
  actor: string,
): Promise<void> {
  const credentials = credentialStore(store);
  const found = credentials ? await findMethod(credentials, userId, id) : null;
  if (!credentials || !found || !(await credentials.deleteCredential(userId, found.id))) {
    throw notFound('The authentication method does not exist.');
  }
  audit({ audit: 'passkey.deleted', actor, sub: userId, method_id: id }, 'passkey deleted');
}
