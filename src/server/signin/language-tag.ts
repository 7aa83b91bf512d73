/** `ui_locales` (OIDC Core 3.1.2.1): BCP 47 language tags, as far as the sign-in needs one. */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

export const isLanguageTag = (tag: string): boolean => LANGUAGE_TAG.test(tag);

/** The tags of a `ui_locales` parameter, in order (separated by spaces). */
export const uiLocaleTags = (raw: string | undefined): string[] => (raw ?? '').split(' ').filter(Boolean);
