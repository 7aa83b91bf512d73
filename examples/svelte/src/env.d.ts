/// <reference types="vite/client" />
/// <reference types="svelte" />
// <passwordless-login> in Svelte markup: its attributes and event attributes, typed.
/// <reference types="passwordless-login/svelte" />

interface ImportMetaEnv {
  readonly VITE_PASSWORDLESS_DOMAIN?: string;
  readonly VITE_PASSWORDLESS_CLIENT_ID?: string;
}
