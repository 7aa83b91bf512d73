/**
 * Branding: how an application's sign-in looks, in Auth0's Management API shapes where they exist
 * (`GET/PATCH /api/v2/branding`; a client's `logo_uri`, name and links).
 */

/** The deployment's branding, as `GET /api/v2/branding` answers it. */
export interface BrandingSettings {
  /** https (or loopback in development). */
  logo_url?: string;
  favicon_url?: string;
  colors?: {
    /** A CSS colour: `#rgb`, `#rrggbb`, `rgb(…)`, `hsl(…)` or a named colour. */
    primary?: string;
    page_background?: string;
  };
  font?: { url?: string };
}

/**
 * What a page or an email of one application is drawn with: the deployment's settings with the
 * client's own values over them. Every field is filled in (defaults where nobody set one) except
 * the optional links and logo.
 */
export interface ResolvedBranding {
  /** The application's name, as shown to its users. */
  appName: string;
  logoUrl?: string;
  faviconUrl?: string;
  /** CSS colours. */
  primaryColor: string;
  pageBackground: string;
  fontUrl?: string;
  supportUrl?: string;
  privacyUrl?: string;
  termsUrl?: string;
}
