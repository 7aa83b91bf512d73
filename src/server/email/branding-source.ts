/**
 * Where a message gets its application's branding at the moment it is sent: `resolveBranding`
 * (src/server/branding.ts: the config, the settings stored through `PATCH /api/v2/branding`, the
 * client's own values), read at each send so a change shows in the next email with no restart.
 */
import type { ResolvedBranding } from '../../protocol/branding.js';
import { DEFAULT_PAGE_BACKGROUND, DEFAULT_PRIMARY, resolveBranding } from '../branding.js';
import type { AppContext } from '../context.js';

/** A client's branding from what the config says of it (also the previews' source). */
export function defaultBranding(client: { name: string; logo_uri?: string } | undefined): ResolvedBranding {
  const b: ResolvedBranding = {
    appName: client?.name ?? 'Passwordless Login',
    primaryColor: DEFAULT_PRIMARY,
    pageBackground: DEFAULT_PAGE_BACKGROUND,
  };
  if (client?.logo_uri) b.logoUrl = client.logo_uri;
  return b;
}

export function brandingFor(ctx: Pick<AppContext, 'config' | 'store' | 'clients'>, clientId: string): Promise<ResolvedBranding> {
  return resolveBranding(ctx, clientId);
}
