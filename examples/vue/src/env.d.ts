/// <reference types="vite/client" />
// <passwordless-login> in Vue templates: its attributes and events, typed (GlobalComponents).
/// <reference types="passwordless-login/vue" />

interface ImportMetaEnv {
  readonly VITE_PASSWORDLESS_DOMAIN?: string;
  readonly VITE_PASSWORDLESS_CLIENT_ID?: string;
}
