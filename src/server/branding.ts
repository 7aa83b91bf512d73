/**
 * Branding: what one application's hosted page and emails are drawn with. Three layers, each over
 * the one before: the config's `branding` block, the settings stored through the Management API
 * (`PATCH /api/v2/branding`, one document in the store), and the client's own values (`logo_uri`,
 * its links, its `--pwl-color-primary`). `resolveBranding` is the one place that merges them. The
 * pages and emails read the stored document through a short in-process cache (./read-cache.ts): a
 * change shows with no restart, at once in the process that stored it and within a second in
 * every other; the Management API itself always reads the store.
 */
import { Type, type Static } from '@sinclair/typebox';
import colorString from 'color-string';
import type { BrandingSettings, ResolvedBranding } from '../protocol/branding.js';
import { brandUrlProblem, colorProblem, type ClientConfig } from './config.js';
import type { AppContext } from './context.js';
import { invalidBody } from './errors.js';
import { ReadCache } from './read-cache.js';
import { Nullable, sameCode, type SchemaErrorTable } from './request-schema.js';

/** The store key of the settings document (JSON, Auth0's `BrandingSettings` shape). */
export const BRANDING_KEY = 'branding';

/** Where nobody set one: the element's own primary colour, and a white page. */
export const DEFAULT_PRIMARY = '#2f54d6';
export const DEFAULT_PAGE_BACKGROUND = '#ffffff';

type BrandingContext = Pick<AppContext, 'config' | 'store' | 'clients'>;

/** The stored document as the pages and emails read it (kept for a moment; forgotten on update). */
const storedCache = new ReadCache<BrandingSettings>();

/** A client's branding from what the config says of it (the previews' and the messages' default). */
export function defaultBranding(client: { name: string; logo_uri?: string } | undefined): ResolvedBranding {
  const b: ResolvedBranding = {
    appName: client?.name ?? 'Passwordless Login',
    primaryColor: DEFAULT_PRIMARY,
    pageBackground: DEFAULT_PAGE_BACKGROUND,
  };
  if (client?.logo_uri) b.logoUrl = client.logo_uri;
  return b;
}

/** The settings stored through the Management API ({} when none, or when the document is unreadable). */
export async function storedBranding(ctx: Pick<AppContext, 'store'>): Promise<BrandingSettings> {
  const raw = await ctx.store.getValue(BRANDING_KEY);
  if (!raw) return {};
  try {
    return JSON.parse(raw) as BrandingSettings;
  } catch {
    return {};
  }
}

/** The config's branding with the stored settings over it: what `GET /api/v2/branding` answers. */
export async function deploymentBranding(ctx: Pick<AppContext, 'config' | 'store'>): Promise<BrandingSettings> {
  return overConfig(ctx, await storedBranding(ctx));
}

function overConfig(ctx: Pick<AppContext, 'config'>, stored: BrandingSettings): BrandingSettings {
  const base = ctx.config.branding ?? {};
  const colors = { ...base.colors, ...stored.colors };
  const font = { ...base.font, ...stored.font };
  const out: BrandingSettings = {};
  const logo = stored.logo_url ?? base.logo_url;
  const favicon = stored.favicon_url ?? base.favicon_url;
  if (logo) out.logo_url = logo;
  if (favicon) out.favicon_url = favicon;
  if (Object.keys(colors).length > 0) out.colors = colors;
  if (font.url) out.font = font;
  return out;
}

/** The client's `--pwl-color-primary`, when it is a plain colour (a `var(…)` means nothing in an email). */
function clientPrimary(client: ClientConfig): string | undefined {
  const value = client.branding?.['--pwl-color-primary']?.trim();
  return value && !colorProblem(value) ? value : undefined;
}

/**
 * What the pages and emails of `clientId` are drawn with: config defaults < stored settings <
 * the client's values. Throws for a client this server does not have.
 */
export async function resolveBranding(ctx: BrandingContext, clientId: string): Promise<ResolvedBranding> {
  const client = ctx.clients.get(clientId);
  if (!client) throw new Error(`resolveBranding: unknown client "${clientId}"`);
  const deployment = overConfig(ctx, await storedCache.get(ctx.store, BRANDING_KEY, () => storedBranding(ctx)));
  const out: ResolvedBranding = {
    appName: client.name,
    primaryColor: clientPrimary(client) ?? deployment.colors?.primary ?? DEFAULT_PRIMARY,
    pageBackground: deployment.colors?.page_background ?? DEFAULT_PAGE_BACKGROUND,
  };
  const logo = client.logo_uri ?? deployment.logo_url;
  if (logo) out.logoUrl = logo;
  if (deployment.favicon_url) out.faviconUrl = deployment.favicon_url;
  if (deployment.font?.url) out.fontUrl = deployment.font.url;
  if (client.support_url) out.supportUrl = client.support_url;
  if (client.policy_uri) out.privacyUrl = client.policy_uri;
  if (client.tos_uri) out.termsUrl = client.tos_uri;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Colour arithmetic for what the brand gives one value of: the text on a colour, the dark side.

type Rgb = [number, number, number];

const rgbOf = (color: string): Rgb => {
  const parsed = colorString.get.rgb(color);
  return parsed ? [parsed[0], parsed[1], parsed[2]] : [0, 0, 0];
};

const hexOf = (rgb: Rgb) => (colorString.to.hex(rgb[0], rgb[1], rgb[2]) ?? '#000000').toLowerCase();

/** WCAG 2 relative luminance. */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(rgbOf(a)), luminance(rgbOf(b))].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `a` and `b` mixed in sRGB, `t` of `a` (0 to 1), as `#rrggbb`. */
export function mix(a: string, b: string, t: number): string {
  const [x, y] = [rgbOf(a), rgbOf(b)];
  return hexOf(x.map((c, i) => Math.round(c * t + y[i]! * (1 - t))) as Rgb);
}

/** Black or white, whichever reads better on `color`: the text of a button in the brand's colour. */
export function textOn(color: string): '#ffffff' | '#000000' {
  return contrast(color, '#ffffff') >= contrast(color, '#000000') ? '#ffffff' : '#000000';
}

/** Whether a colour is dark (white text reads better on it than black). */
export const isDark = (color: string) => textOn(color) === '#ffffff';

/**
 * The colour closest to `color`, lightened toward white as little as needed, that reaches `ratio`
 * against `background`: the brand's primary on the dark page.
 */
export function readableOn(color: string, background: string, ratio = 4.5): string {
  for (let t = 1; t > 0; t -= 0.05) {
    const c = mix(color, '#ffffff', t);
    if (contrast(c, background) >= ratio) return c;
  }
  return '#ffffff';
}

// ---------------------------------------------------------------------------------------------
// PATCH /api/v2/branding: Auth0's semantics. A field given replaces the stored one, `null` removes
// it (the config's value, if any, shows again); `colors` and `font` are merged one level deep.

/** A field of the patch: its value, or `null` to remove it. */
const NullableString = () => Type.Optional(Nullable(Type.String()));
const BRANDING_COLORS = ['primary', 'page_background'] as const;

/** The body of PATCH /api/v2/branding; the URLs and colours themselves are checked by applyBrandingPatch. */
export const BrandingPatch = Type.Object(
  {
    logo_url: NullableString(),
    favicon_url: NullableString(),
    colors: Type.Optional(
      Nullable(
        Type.Object({ primary: NullableString(), page_background: NullableString() }, { additionalProperties: false }),
      ),
    ),
    font: Type.Optional(Nullable(Type.Object({ url: NullableString() }, { additionalProperties: false }))),
  },
  { additionalProperties: false },
);
export type BrandingPatch = Static<typeof BrandingPatch>;

/** The objects of the patch and their fields, by dotted path (`''` is the body). */
const BRANDING_OBJECTS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(BrandingPatch.properties),
  colors: BRANDING_COLORS,
  font: ['url'],
};
const BRANDING_STRINGS = ['logo_url', 'favicon_url', 'colors.primary', 'colors.page_background', 'font.url'];

/** How a body that does not fit BrandingPatch is answered: `invalid_body`, naming the first bad field. */
export const BRANDING_PATCH_ERRORS: SchemaErrorTable = {
  fields: sameCode(
    'invalid_body',
    'logo_url',
    'favicon_url',
    'colors',
    'colors.primary',
    'colors.page_background',
    'font',
    'font.url',
  ),
  unknown: { code: 'invalid_body' },
  root: 'The body must be a JSON object.',
  // The first unknown field only, as Auth0 names it.
  unknownMessage: (names, at) =>
    `${at ? `${at}.` : ''}${names[0]}: unknown field (allowed: ${(BRANDING_OBJECTS[at] ?? []).join(', ')}).`,
  messages: {
    ...Object.fromEntries(BRANDING_STRINGS.map((k) => [`${k}.type`, `${k}: must be a string or null.`])),
    'colors.type': 'colors: must be an object or null.',
    'font.type': 'font: must be an object or null.',
  },
};

/** One string field of the patch: undefined (not given), null (remove) or a valid value. */
function field(value: string | null | undefined, name: string, problem: (s: string) => string | undefined) {
  const why = typeof value === 'string' ? problem(value) : undefined;
  if (why) throw invalidBody(`${name}: ${why}.`);
  return value;
}

/**
 * The stored settings with `body` (shaped by BrandingPatch) applied; throws `400 invalid_body`
 * naming the first bad URL or colour (`colors.primary: must be a CSS colour …`). Nothing is
 * stored here.
 */
export function applyBrandingPatch(stored: BrandingSettings, body: BrandingPatch): BrandingSettings {
  const next: BrandingSettings = structuredClone(stored);
  const set = <K extends 'logo_url' | 'favicon_url'>(key: K, value: string | null | undefined) => {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  };
  set('logo_url', field(body.logo_url, 'logo_url', brandUrlProblem));
  set('favicon_url', field(body.favicon_url, 'favicon_url', brandUrlProblem));

  if (body.colors === null) delete next.colors;
  else if (body.colors !== undefined) {
    const colors = { ...next.colors };
    for (const key of BRANDING_COLORS) {
      const value = field(body.colors[key], `colors.${key}`, colorProblem);
      if (value === null) delete colors[key];
      else if (value !== undefined) colors[key] = value;
    }
    if (Object.keys(colors).length > 0) next.colors = colors;
    else delete next.colors;
  }

  if (body.font === null) delete next.font;
  else if (body.font !== undefined) {
    const url = field(body.font.url, 'font.url', brandUrlProblem);
    if (url === null) delete next.font;
    else if (url !== undefined) next.font = { url };
  }
  return next;
}

/** Applies `body` to the stored settings and stores the result; answers what GET answers now. */
export async function updateBranding(ctx: Pick<AppContext, 'config' | 'store'>, body: BrandingPatch) {
  const next = applyBrandingPatch(await storedBranding(ctx), body);
  await ctx.store.setValue(BRANDING_KEY, JSON.stringify(next));
  storedCache.forget(ctx.store, BRANDING_KEY);
  return deploymentBranding(ctx);
}
