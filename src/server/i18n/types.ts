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
  /** The HTML email's line saying why the person got it (`{app}`). */
  emailWhy: string;
  /** Above the magic link's address written out, for when the button does not work. */
  emailLinkFallback: string;
  sms: Text;
  /** The SMS without the expiry, sent when `sms` would take two segments and this fits one (`{app}`, `{code}`). */
  smsShort: string;
  /** disable_signup: sent instead of a code when no account exists (reveals nothing to the requester). */
  noAccountSubject: string;
  noAccountBody: string;
  /**
   * The server's own pages a person may land on. A magic link whose application or return address
   * does not match (the link was altered, or the app's settings changed since it was sent):
   */
  pageInvalidLinkTitle: string;
  pageInvalidLinkMessage: string;
  /** A hosted page's magic link opened after its sign-in expired or was finished (with the code, in another tab). */
  pageLinkExpiredTitle: string;
  pageLinkExpiredMessage: string;
  /** Sign-out (OpenID Connect RP-Initiated Logout) when nothing proves which app asked: a confirmation. */
  pageSignOutTitle: string;
  /** `{client}`: the application's name; `{site}`: this sign-in service's host name. */
  pageSignOutByApp: string;
  pageSignOutByPage: string;
  pageSignOutButton: string;
  /** The hosted page's links under the form, when the application has them: its help, privacy policy and terms. */
  pageSupportLink: string;
  pagePrivacyLink: string;
  pageTermsLink: string;
  /** After signing out, when the app gave no address to return to. */
  pageSignedOutTitle: string;
  pageSignedOutHeading: string;
  pageSignedOutMessage: string;
  /** The confirmation's form came back too late, or from another browser. */
  pageSignOutRefusedTitle: string;
  pageSignOutExpired: string;
}
