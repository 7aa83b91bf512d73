import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'کد تأیید {app} شما: {code}',
  emailIntro: 'برای ورود به {app} از این کد استفاده کنید:',
  emailCodeLine: {
    one: 'این کد تا {minutes} دقیقهٔ دیگر منقضی می‌شود.',
    other: 'این کد تا {minutes} دقیقهٔ دیگر منقضی می‌شود.',
  },
  emailLinkIntro: 'یا با یک کلیک وارد شوید:',
  emailLinkButton: 'ورود به {app}',
  emailLinkExpiry: {
    one: 'این پیوند {link_minutes} دقیقه و فقط یک بار، در مرورگری که از آن درخواست کرده‌اید، کار می‌کند.',
    other: 'این پیوند {link_minutes} دقیقه و فقط یک بار، در مرورگری که از آن درخواست کرده‌اید، کار می‌کند.',
  },
  emailIgnore: 'اگر درخواست ورود نداده‌اید، می‌توانید این پیام را نادیده بگیرید.',
  sms: {
    one: '{code} کد تأیید {app} شماست. تا {minutes} دقیقهٔ دیگر منقضی می‌شود.',
    other: '{code} کد تأیید {app} شماست. تا {minutes} دقیقهٔ دیگر منقضی می‌شود.',
  },
  noAccountSubject: 'تلاش برای ورود به {app}',
  noAccountBody:
    'کسی خواسته است با این نشانی به {app} وارد شود، اما این نشانی آنجا حسابی ندارد. اگر شما نبودید، می‌توانید این پیام را نادیده بگیرید.',
} satisfies MessageTexts;
