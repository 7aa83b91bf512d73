/**
 * Where a message gets its application's branding at the moment it is sent. For now: the client's
 * name and `logo_uri` from the config, with the default colours. The deployment's branding
 * settings (`GET/PATCH /api/v2/branding`) resolve in src/server/branding.ts (`resolveBranding`);
 * this function is the one join point: its body becomes `return resolveBranding(ctx, clientId)`.
 */
import type { ResolvedBranding } from '../../protocol/branding.js';
import type { AppContext } from '../context.js';
import { DEFAULT_BACKGROUND, DEFAULT_PRIMARY } from './html.js';

/** A client's branding from what the config says of it (also the previews' source). */
export function defaultBranding(client: { name: string; logo_uri?: string } | undefined): ResolvedBranding {
  const b: ResolvedBranding = {
    appName: client?.name ?? 'Passwordless Login',
    primaryColor: DEFAULT_PRIMARY,
    pageBackground: DEFAULT_BACKGROUND,
  };
  if (client?.logo_uri) b.logoUrl = client.logo_uri;
  return b;
}

export async function brandingFor(ctx: Pick<AppContext, 'clients'>, clientId: string): Promise<ResolvedBranding> {
  return defaultBranding(ctx.clients.get(clientId));
}
