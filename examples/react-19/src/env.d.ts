/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_PASSWORDLESS_DOMAIN?: string;
  readonly VITE_PASSWORDLESS_CLIENT_ID?: string;
}
