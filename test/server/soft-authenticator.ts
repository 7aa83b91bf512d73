/**
 * A software WebAuthn authenticator for server tests: P-256 keys from node:crypto, 'none'
 * attestation, authenticator data built by hand and CBOR from @simplewebauthn's own encoder. It
 * answers creation and request options the way a browser's credential JSON would, and lets a test
 * break one thing at a time (no user verification, another origin, a counter going backwards).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type {
  PasskeyCreationOptionsJSON,
  PasskeyCredentialJSON,
  PasskeyRequestOptionsJSON,
} from '../../src/protocol/index.js';

interface Key {
  id: Buffer;
  privateKey: KeyObject;
  rpId: string;
  userHandle: string;
  counter: number;
}

export interface Quirks {
  /** The UV flag is not set (no biometric or PIN check). */
  noUv?: boolean;
  /** The origin the "browser" puts in clientDataJSON. */
  origin?: string;
  /** The signature counter to report (default: one more than the last). */
  counter?: number;
  /** Flip a bit of the signature. */
  badSignature?: boolean;
  /** Sign another challenge than the one given. */
  challenge?: string;
}

const b64u = (b: Uint8Array | Buffer) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

export class SoftAuthenticator {
  readonly keys: Key[] = [];

  constructor(readonly origin: string) {}

  private authData(rpId: string, counter: number, quirks: Quirks, attested?: Buffer): Buffer {
    // UP, UV, BE and BS (a synced passkey), AT when a credential is attached.
    const flags = 0x01 | (quirks.noUv ? 0 : 0x04) | 0x08 | 0x10 | (attested ? 0x40 : 0);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  private clientData(type: string, challenge: string, quirks: Quirks): Buffer {
    return Buffer.from(
      JSON.stringify({
        type,
        challenge: quirks.challenge ?? challenge,
        origin: quirks.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
  }

  /** navigator.credentials.create(), as JSON. */
  create(options: PasskeyCreationOptionsJSON, quirks: Quirks = {}): PasskeyCredentialJSON {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const id = randomBytes(16);
    const rpId = options.rp.id!;
    const counter = quirks.counter ?? 0;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, id, Buffer.from(cose)]);
    const authData = this.authData(rpId, counter, quirks, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', new Uint8Array(authData)],
      ]),
    );
    this.keys.push({ id, privateKey, rpId, userHandle: options.user.id, counter });
    return {
      id: b64u(id),
      rawId: b64u(id),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64u(this.clientData('webauthn.create', options.challenge, quirks)),
        attestationObject: b64u(attestationObject),
        transports: ['internal', 'hybrid'],
      },
    };
  }

  /** navigator.credentials.get() with the newest (or the given) key of the RP, as JSON. */
  get(options: PasskeyRequestOptionsJSON, quirks: Quirks = {}, key?: Key): PasskeyCredentialJSON {
    const k = key ?? this.keys.filter((x) => x.rpId === options.rpId).at(-1);
    if (!k) throw new Error('no passkey for this RP');
    k.counter = quirks.counter ?? k.counter + 1;
    const authData = this.authData(k.rpId, k.counter, quirks);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, quirks);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), k.privateKey);
    if (quirks.badSignature) signature[signature.length - 1]! ^= 1;
    return {
      id: b64u(k.id),
      rawId: b64u(k.id),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        userHandle: k.userHandle,
      },
    };
  }
}
