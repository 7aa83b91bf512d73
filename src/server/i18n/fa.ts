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
  emailWhy: 'این ایمیل را دریافت کرده‌اید چون کسی این نشانی را برای ورود به {app} وارد کرده است.',
  emailLinkFallback: 'اگر دکمه کار نکرد، این نشانی را در مرورگر خود کپی کنید:',
  sms: {
    one: '{code} کد تأیید {app} شماست. تا {minutes} دقیقهٔ دیگر منقضی می‌شود.',
    other: '{code} کد تأیید {app} شماست. تا {minutes} دقیقهٔ دیگر منقضی می‌شود.',
  },
  smsShort: 'کد {app}: {code}',
  noAccountSubject: 'تلاش برای ورود به {app}',
  noAccountBody:
    'کسی خواسته است با این نشانی به {app} وارد شود، اما این نشانی آنجا حسابی ندارد. اگر شما نبودید، می‌توانید این پیام را نادیده بگیرید.',
  pageInvalidLinkTitle: 'پیوند ورود نامعتبر',
  pageInvalidLinkMessage:
    'این پیوند ورود برای این برنامه معتبر نیست. از همان جایی که ورود را شروع کردید، پیوند جدیدی درخواست کنید.',
  pageLinkExpiredTitle: 'پیوند ورود منقضی شده',
  pageLinkExpiredMessage:
    'این پیوند ورود منقضی شده است یا ورود با آن پیش‌تر انجام شده است. به برنامه برگردید و دوباره وارد شوید.',
  pageSignOutTitle: 'می‌خواهید خارج شوید؟',
  pageSignOutByApp: '{client} درخواست کرده است که از {site} خارج شوید. دفعهٔ بعد باید دوباره وارد شوید.',
  pageSignOutByPage: 'صفحه‌ای درخواست کرده است که از {site} خارج شوید. اگر قصد خروج نداشتید، این صفحه را ببندید.',
  pageSignOutButton: 'خروج',
  pageSupportLink: 'راهنما',
  pagePrivacyLink: 'حریم خصوصی',
  pageTermsLink: 'شرایط',
  pageSignedOutTitle: 'خروج انجام شد',
  pageSignedOutHeading: 'از حساب خود خارج شدید',
  pageSignedOutMessage: 'می‌توانید این صفحه را ببندید.',
  pageSignOutRefusedTitle: 'درخواست خروج رد شد',
  pageSignOutExpired: 'این صفحهٔ خروج منقضی شده است یا در این مرورگر باز نشده است. چیزی تغییر نکرد.',
} satisfies MessageTexts;
