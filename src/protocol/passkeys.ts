/**
 * Passkey wire shapes: Auth0's Authentication API (`/passkey/challenge`, `/passkey/register`, the
 * `urn:okta:params:oauth:grant-type:webauthn` grant) and MyAccount (`/me/v1/authentication-methods`),
 * as auth0-spa-js's PasskeyApiClient and MyAccountApiClient send them. Binary values are base64url
 * (the WebAuthn JSON forms of WebAuthn Level 3, which the browser's `parse…FromJSON` reads).
 */

/** The audience of MyAccount (`{issuer}/me/`) and the scopes its routes need. */
export const MY_ACCOUNT_PATH = '/me/';
export const MY_ACCOUNT_SCOPES = [
  'read:me:authentication_methods',
  'create:me:authentication_methods',
  'delete:me:authentication_methods',
] as const;

export interface PasskeyDescriptorJSON {
  id: string;
  type: 'public-key';
  transports?: string[];
}

/** `PublicKeyCredentialRequestOptionsJSON`: what `navigator.credentials.get` is given. */
export interface PasskeyRequestOptionsJSON {
  challenge: string;
  timeout?: number;
  rpId?: string;
  allowCredentials?: PasskeyDescriptorJSON[];
  userVerification?: 'required' | 'preferred' | 'discouraged';
}

/** `PublicKeyCredentialCreationOptionsJSON`: what `navigator.credentials.create` is given. */
export interface PasskeyCreationOptionsJSON {
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: { type: 'public-key'; alg: number }[];
  timeout?: number;
  excludeCredentials?: PasskeyDescriptorJSON[];
  authenticatorSelection?: {
    residentKey?: 'required' | 'preferred' | 'discouraged';
    requireResidentKey?: boolean;
    userVerification?: 'required' | 'preferred' | 'discouraged';
  };
  attestation?: 'none' | 'direct' | 'enterprise' | 'indirect';
}

/** `POST /passkey/challenge` (sign in) and `POST /passkey/register` (sign up) answer this. */
export interface PasskeyChallengeResponse<O = PasskeyRequestOptionsJSON> {
  authn_params_public_key: O;
  /** Echoed back with the credential; single use, 5 minutes. */
  auth_session: string;
}

/** The credential as JSON (`PublicKeyCredential.toJSON()`), sent as `authn_response`. */
export interface PasskeyCredentialJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  authenticatorAttachment?: 'platform' | 'cross-platform';
  clientExtensionResults: Record<string, unknown>;
  response: {
    clientDataJSON: string;
    /** Creation (sign-up, enrolment). */
    attestationObject?: string;
    transports?: string[];
    /** Assertion (sign-in). */
    authenticatorData?: string;
    signature?: string;
    userHandle?: string;
  };
}

/** MyAccount's (and the Management API's) view of one passkey. */
export interface PasskeyAuthenticationMethod {
  id: string;
  type: 'passkey';
  name: string;
  confirmed: true;
  usage: ['primary'];
  created_at: string;
  last_auth_at?: string;
  key_id: string;
  public_key: string;
  credential_device_type: 'single_device' | 'multi_device';
  credential_backed_up: boolean;
  identity_user_id: string;
  user_handle: string;
  transports: string[];
  aaguid: string;
  relying_party_id: string;
}
