/** Wire shapes of the user management API (`/api/v2/users*`), Auth0 Management API v2's. */
import type { Connection } from './types.js';

export interface ManagementIdentity {
  connection: Connection;
  provider: Connection;
  /** The identity's own id; alone it is the user `${provider}|${user_id}`. */
  user_id: string;
  isSocial: false;
}

/** Auth0's user object. Fields of an identifier the user does not have are left out. */
export interface ManagementUser {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  phone_number?: string;
  phone_verified?: boolean;
  identities: ManagementIdentity[];
  /** ISO 8601. */
  created_at: string;
  updated_at: string;
  /** Absent until the first sign-in. */
  last_login?: string;
  logins_count: number;
  blocked: boolean;
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
}

/** `GET /api/v2/users?include_totals=true`. */
export interface ManagementUserPage {
  start: number;
  limit: number;
  length: number;
  total: number;
  users: ManagementUser[];
}
