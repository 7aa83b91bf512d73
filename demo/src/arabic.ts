/**
 * Arabic strings for the RTL look of the theming gallery, added with the package's
 * `registerMessages('ar', …)` (keys in src/widget/i18n/en.ts; missing keys fall back to English).
 */
import type { Messages } from '../../src/widget/i18n/en.js';

export const arabic: Partial<Messages> = {
  title: 'تسجيل الدخول',
  switchLegend: 'تسجيل الدخول عبر',
  useEmail: 'البريد الإلكتروني',
  usePhone: 'الهاتف',
  emailLabel: 'البريد الإلكتروني',
  emailHint: 'سنرسل إليك رمزًا لمرة واحدة.',
  phoneLabel: 'رقم الهاتف',
  phoneHint: 'سنرسل إليك رمزًا لمرة واحدة في رسالة نصية.',
  countryLabel: 'البلد',
  codeLabel: 'رمز التحقق',
  sendCode: 'أرسل الرمز',
  sending: 'جارٍ الإرسال…',
  codeSent: 'أرسلنا رمزًا من 6 أرقام إلى {to}.',
  verify: 'تحقّق',
  verifying: 'جارٍ التحقق من الرمز…',
  resendCode: 'أرسل رمزًا جديدًا',
  resendIn: 'يمكنك طلب رمز جديد بعد {seconds} ث.',
  resent: 'أرسلنا رمزًا جديدًا إلى {to}.',
  change: 'استخدم بريدًا أو رقمًا آخر',
  done: 'تم تسجيل دخولك.',
  invalidEmail: 'أدخل عنوان بريد إلكتروني صالحًا، مثل name@example.com.',
  invalidPhone: 'أدخل رقم هاتف صالحًا للبلد المحدد.',
  invalidCode: 'أدخل الرمز المكوّن من 6 أرقام.',
  wrongCode: 'هذا الرمز غير صحيح. تحقّق منه وحاول مرة أخرى.',
  expiredCode: 'انتهت صلاحية هذا الرمز أو سبق استخدامه. اطلب رمزًا جديدًا.',
  tooManyAttempts: 'محاولات خاطئة كثيرة لهذا الرمز. اطلب رمزًا جديدًا.',
  rateLimited: 'طلبات كثيرة جدًا. انتظر قليلًا ثم حاول مرة أخرى.',
  networkError: 'تعذّر الوصول إلى خادم تسجيل الدخول. تحقّق من اتصالك وحاول مرة أخرى.',
  retry: 'حاول مرة أخرى',
};
