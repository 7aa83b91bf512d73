/**
 * Script-tag build only (vite.config.ts's cdnVariants puts it in place of ./passkey-ui.ts): the
 * passkey UI is not inlined into the one file but loaded, as languages are, from `passkeys.js`
 * beside the script (dist/cdn/passkeys.js, an ES module vite.config.ts's cdnPasskeys writes). A
 * file that cannot be had (a script inlined into about:blank) leaves the element without passkeys.
 */
import { besideScript } from '../script-url.cdn.js';
import type * as PasskeyUi from './passkey-ui.js';

export const passkeyView: typeof PasskeyUi.passkeyView = (...args) =>
  // On an IP-address page (no RP ID can match it) the file is not even fetched; see passkey-ui.ts.
  /^[\d.]+$|^\[/.test(location.hostname)
    ? Promise.resolve(undefined)
    : import(/* @vite-ignore */ besideScript('passkeys.js')).then(
        (m: typeof PasskeyUi) => m.passkeyView(...args),
        () => undefined,
      );
