/**
 * The browser side of passkeys, meant as the element's lazy passkey chunk (nothing on the first
 * load imports it): Auth0's /passkey/challenge and webauthn grant to sign in, MyAccount's
 * enrolment to save a passkey after a code or link sign-in, and the WebAuthn calls between them. The
 * platform's JSON helpers (`PublicKeyCredential.parseRequestOptionsFromJSON`, `toJSON()`) are used
 * where the browser has them, with small base64url fallbacks for older engines. Every failure is
 * a ProtocolError (server) or a PasskeyError with a reason a message can be chosen by.
 */
import {
  GRANT_WEBAUTHN,
  isErrorBody,
  type PasskeyAuthenticationMethod,
  type PasskeyChallengeResponse,
  type PasskeyCreationOptionsJSON,
  type PasskeyCredentialJSON,
  type PasskeyRequestOptionsJSON,
  type TokenResponse,
} from '../../protocol/index.js';
import { baseUrl, ProtocolError } from '../protocol-error.js';

/**
 * Why a ceremony did not give a credential: `cancelled` (the user closed the prompt, there was no
 * passkey to pick, or the user could not be verified: browsers do not tell these apart),
 * `timed_out` (the same error, but only once the options' `timeout` had passed), `not_allowed`
 * (this page may not use the RP ID), `exists` (saving: this authenticator already holds a passkey
 * of this account), `unsupported` (no WebAuthn here), `failed` (anything else).
 */
export type PasskeyReason = 'cancelled' | 'timed_out' | 'not_allowed' | 'exists' | 'unsupported' | 'failed';

export class PasskeyError extends Error {
  constructor(
    readonly reason: PasskeyReason,
    options?: { cause?: unknown },
  ) {
    super(`passkey ceremony: ${reason}`, options);
    this.name = 'PasskeyError';
  }
}

export interface PasskeyApi {
  /** Base URL of the API (the element's `domain`). */
  domain: string;
  clientId: string;
}

/**
 * WebAuthn exists in this browser (and the page is a secure context). WebKitGTK builds without
 * WebAuthn have `PublicKeyCredential` but no `navigator.credentials`.
 */
export const passkeysSupported = (): boolean =>
  typeof window !== 'undefined' &&
  window.isSecureContext &&
  typeof window.PublicKeyCredential === 'function' &&
  navigator.credentials !== undefined;

/** The browser can offer passkeys in the identifier field's autofill (conditional mediation). */
export async function autofillAvailable(): Promise<boolean> {
  if (!passkeysSupported()) return false;
  try {
    return (await PublicKeyCredential.isConditionalMediationAvailable?.()) === true;
  } catch {
    return false;
  }
}

/** This page may use `rpId`: its host is the RP ID or under it (browsers refuse anything else). */
export function pageMatchesRp(rpId: string, hostname = location.hostname): boolean {
  return hostname === rpId || hostname.endsWith(`.${rpId}`);
}

async function call<T>(
  domain: string,
  path: string,
  body: object | null,
  token?: string,
  seen?: (response: Response) => void,
  credentials: RequestCredentials = 'omit',
): Promise<T> {
  const base = baseUrl(domain);
  if (!base) throw new ProtocolError('invalid_request', 'The domain attribute is missing.');
  const headers: Record<string, string> = {};
  if (body) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path.startsWith('http') ? path : `${base}${path}`, {
      method: 'POST',
      headers,
      ...(body ? { body: JSON.stringify(body) } : {}),
      credentials,
    });
  } catch {
    throw new ProtocolError(navigator.onLine === false ? 'offline' : 'network_error', 'The API could not be reached.');
  }
  seen?.(response);
  const data: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(data)) throw new ProtocolError(data.error, data.error_description, response.status);
    throw new ProtocolError('invalid_response', `The API answered ${response.status}.`, response.status);
  }
  return data as T;
}

const fromB64u = (s: string): ArrayBuffer => {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out.buffer;
};
const toB64u = (buf: ArrayBuffer): string =>
  btoa(String.fromCharCode(...new Uint8Array(buf)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

type PkStatic = typeof PublicKeyCredential & {
  parseRequestOptionsFromJSON?: (o: PasskeyRequestOptionsJSON) => PublicKeyCredentialRequestOptions;
  parseCreationOptionsFromJSON?: (o: PasskeyCreationOptionsJSON) => PublicKeyCredentialCreationOptions;
};

/** Credential descriptors with their ids decoded (allowCredentials, excludeCredentials). */
const descriptors = (list: { id: string }[] | undefined) =>
  (list ?? []).map((c) => ({ ...c, id: fromB64u(c.id) }) as PublicKeyCredentialDescriptor);

function requestOptions(o: PasskeyRequestOptionsJSON): PublicKeyCredentialRequestOptions {
  const pk = PublicKeyCredential as PkStatic;
  if (pk.parseRequestOptionsFromJSON) return pk.parseRequestOptionsFromJSON(o);
  return { ...o, challenge: fromB64u(o.challenge), allowCredentials: descriptors(o.allowCredentials) };
}

function creationOptions(o: PasskeyCreationOptionsJSON): PublicKeyCredentialCreationOptions {
  const pk = PublicKeyCredential as PkStatic;
  if (pk.parseCreationOptionsFromJSON) return pk.parseCreationOptionsFromJSON(o);
  return {
    ...o,
    challenge: fromB64u(o.challenge),
    user: { ...o.user, id: fromB64u(o.user.id) },
    excludeCredentials: descriptors(o.excludeCredentials),
  } as PublicKeyCredentialCreationOptions;
}

/** The credential as JSON: `toJSON()` where the browser has it, else built by hand. */
function credentialJson(c: PublicKeyCredential): PasskeyCredentialJSON {
  const own = (c as PublicKeyCredential & { toJSON?: () => unknown }).toJSON;
  if (typeof own === 'function') return own.call(c) as PasskeyCredentialJSON;
  const r = c.response;
  const response: PasskeyCredentialJSON['response'] = { clientDataJSON: toB64u(r.clientDataJSON) };
  if ('attestationObject' in r) {
    const a = r as AuthenticatorAttestationResponse;
    response.attestationObject = toB64u(a.attestationObject);
    response.transports = a.getTransports?.() ?? [];
  } else {
    const a = r as AuthenticatorAssertionResponse;
    response.authenticatorData = toB64u(a.authenticatorData);
    response.signature = toB64u(a.signature);
    if (a.userHandle) response.userHandle = toB64u(a.userHandle);
  }
  return {
    id: c.id,
    rawId: toB64u(c.rawId),
    type: 'public-key',
    ...(c.authenticatorAttachment ? { authenticatorAttachment: c.authenticatorAttachment as 'platform' } : {}),
    clientExtensionResults: c.getClientExtensionResults() as Record<string, unknown>,
    response,
  };
}

/** A DOMException of a ceremony, as a reason (WebAuthn §5.1.3 / §5.1.4 name the errors). */
export function passkeyReason(error: unknown): PasskeyReason {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') return 'cancelled';
  if (name === 'InvalidStateError') return 'exists';
  if (name === 'SecurityError') return 'not_allowed';
  if (name === 'NotSupportedError') return 'unsupported';
  return 'failed';
}

/**
 * Runs a ceremony. Browsers reject a timeout with the same NotAllowedError as a closed prompt, so
 * a rejection that comes once `timeout` (ms, from the options) has passed is called `timed_out`.
 */
async function ceremony(run: () => Promise<Credential | null>, timeout?: number): Promise<PasskeyCredentialJSON> {
  if (!passkeysSupported()) throw new PasskeyError('unsupported');
  let credential: Credential | null;
  const began = performance.now();
  try {
    credential = await run();
  } catch (cause) {
    let reason = passkeyReason(cause);
    const name = cause instanceof Error ? cause.name : '';
    if (name === 'NotAllowedError' && timeout !== undefined && performance.now() - began >= timeout)
      reason = 'timed_out';
    throw new PasskeyError(reason, { cause });
  }
  if (!credential) throw new PasskeyError('cancelled');
  return credentialJson(credential as PublicKeyCredential);
}

/** `POST /passkey/challenge`: request options for any passkey of the site, and its session. */
export const passkeyChallenge = (api: PasskeyApi) =>
  call<PasskeyChallengeResponse>(api.domain, '/passkey/challenge', { client_id: api.clientId });

export interface PasskeySignIn {
  scope?: string;
  audience?: string;
  /** `conditional`: the identifier field's autofill offers the passkeys; else the browser's prompt. */
  mediation?: 'conditional' | 'optional';
  signal?: AbortSignal;
  /** A challenge asked for ahead (autofill starts as soon as the field shows). */
  challenge?: PasskeyChallengeResponse;
}

/** The challenge, then the browser's ceremony: the signed assertion and its `auth_session`. */
async function assertPasskey(api: PasskeyApi, o: PasskeySignIn) {
  const { authn_params_public_key, auth_session } = o.challenge ?? (await passkeyChallenge(api));
  const credential = await ceremony(
    () =>
      navigator.credentials.get({
        publicKey: requestOptions(authn_params_public_key),
        ...(o.mediation === 'conditional' ? { mediation: 'conditional' as CredentialMediationRequirement } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      }),
    // A conditional request waits for the user as long as the page lives: it never "times out".
    o.mediation === 'conditional' ? undefined : authn_params_public_key.timeout,
  );
  return { auth_session, authn_response: credential };
}

/** Signs in with a passkey: challenge, the browser's ceremony, the webauthn grant. */
export async function signInWithPasskey(api: PasskeyApi, o: PasskeySignIn = {}): Promise<TokenResponse> {
  return call<TokenResponse>(api.domain, '/oauth/token', {
    grant_type: GRANT_WEBAUTHN,
    client_id: api.clientId,
    ...(await assertPasskey(api, o)),
    ...(o.scope ? { scope: o.scope } : {}),
    ...(o.audience ? { audience: o.audience } : {}),
  });
}

/**
 * On the hosted login page: a passkey completes the pending authorization request `transaction`
 * (POST /authorize/passkey, with this browser's cookies), by the button or by autofill. Resolves
 * to the URL to go to: the app.
 */
export async function completeWithPasskey(api: PasskeyApi, transaction: string, o: PasskeySignIn = {}): Promise<string> {
  const body = { transaction, ...(await assertPasskey(api, o)) };
  return (await call<{ redirect_to: string }>(api.domain, '/authorize/passkey', body, '', undefined, 'same-origin'))
    .redirect_to;
}

/**
 * Saves a passkey for the signed-in user (MyAccount enrolment): `accessToken` is for
 * `{domain}/me/` with `create:me:authentication_methods`.
 */
export async function savePasskey(domain: string, accessToken: string): Promise<PasskeyAuthenticationMethod> {
  let location = '';
  const begun = await call<PasskeyChallengeResponse<PasskeyCreationOptionsJSON>>(
    domain,
    '/me/v1/authentication-methods',
    { type: 'passkey' },
    accessToken,
    (r) => (location = r.headers.get('location') ?? ''),
  );
  // The pending method is named by Location (the API exposes it to CORS callers, as MyAccount does).
  if (!location) throw new ProtocolError('invalid_response', 'The enrolment answer has no Location.');
  const credential = await ceremony(() =>
    navigator.credentials.create({ publicKey: creationOptions(begun.authn_params_public_key) }),
  );
  return call<PasskeyAuthenticationMethod>(
    domain,
    `${location}/verify`,
    { auth_session: begun.auth_session, authn_response: credential },
    accessToken,
  );
}
