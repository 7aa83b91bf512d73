/**
 * The email and SMS texts of one language. `{app}`, `{code}`, `{minutes}` and `{link_minutes}`
 * are filled in; a text with a number in it may give plural forms (`{one, few, many, other}`,
 * chosen by `Intl.PluralRules`), and the number is written with `Intl.NumberFormat`.
 */
import type { Text } from '../../protocol/i18n.js';

export interface MessageTexts {
  emailSubject: string;
  emailIntro: string;
  emailCodeLine: Text;
  emailLinkIntro: string;
  emailLinkButton: string;
  emailLinkExpiry: Text;
  emailIgnore: string;
  sms: Text;
  /** disable_signup: sent instead of a code when no account exists (reveals nothing to the requester). */
  noAccountSubject: string;
  noAccountBody: string;
}
