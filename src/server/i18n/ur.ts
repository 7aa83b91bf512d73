import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'آپ کا {app} تصدیقی کوڈ: {code}',
  emailIntro: '{app} میں سائن اِن کرنے کے لیے یہ کوڈ استعمال کریں:',
  emailCodeLine: { one: 'یہ کوڈ {minutes} منٹ میں ختم ہو جائے گا۔', other: 'یہ کوڈ {minutes} منٹ میں ختم ہو جائے گا۔' },
  emailLinkIntro: 'یا ایک کلک سے سائن اِن کریں:',
  emailLinkButton: '{app} میں سائن اِن کریں',
  emailLinkExpiry: {
    one: 'یہ لنک {link_minutes} منٹ تک، صرف ایک بار، اسی براؤزر میں کام کرے گا جہاں سے آپ نے اسے منگوایا تھا۔',
    other: 'یہ لنک {link_minutes} منٹ تک، صرف ایک بار، اسی براؤزر میں کام کرے گا جہاں سے آپ نے اسے منگوایا تھا۔',
  },
  emailIgnore: 'اگر آپ نے سائن اِن کی درخواست نہیں کی تو اس پیغام کو نظر انداز کر دیں۔',
  emailWhy: 'آپ کو یہ ای میل اس لیے ملی کیونکہ کسی نے {app} میں سائن اِن کرنے کے لیے یہ پتہ درج کیا۔',
  emailLinkFallback: 'اگر بٹن کام نہ کرے تو یہ پتہ کاپی کر کے اپنے براؤزر میں کھولیں:',
  sms: {
    one: '{code} آپ کا {app} تصدیقی کوڈ ہے۔ یہ {minutes} منٹ میں ختم ہو جائے گا۔',
    other: '{code} آپ کا {app} تصدیقی کوڈ ہے۔ یہ {minutes} منٹ میں ختم ہو جائے گا۔',
  },
  smsShort: '{app} کوڈ: {code}',
  noAccountSubject: '{app} میں سائن اِن کی کوشش',
  noAccountBody:
    'کسی نے اس پتے سے {app} میں سائن اِن کرنے کی درخواست کی، لیکن وہاں اس کا کوئی اکاؤنٹ نہیں ہے۔ اگر یہ آپ نہیں تھے تو اس پیغام کو نظر انداز کر دیں۔',
  pageInvalidLinkTitle: 'سائن اِن کا لنک درست نہیں',
  pageInvalidLinkMessage:
    'یہ سائن اِن لنک اس ایپلیکیشن کے لیے درست نہیں ہے۔ جہاں سے آپ نے سائن اِن شروع کیا تھا وہیں سے نیا لنک منگوائیں۔',
  pageLinkExpiredTitle: 'سائن اِن کے لنک کی میعاد ختم ہو گئی',
  pageLinkExpiredMessage:
    'اس سائن اِن لنک کی میعاد ختم ہو چکی ہے یا اس کا سائن اِن پہلے ہی مکمل ہو چکا ہے۔ ایپلیکیشن پر واپس جائیں اور دوبارہ سائن اِن کریں۔',
  pageSignOutTitle: 'سائن آؤٹ کریں؟',
  pageSignOutByApp: '{client} آپ کو {site} سے سائن آؤٹ کرنا چاہتا ہے۔ اگلی بار آپ کو دوبارہ سائن اِن کرنا ہو گا۔',
  pageSignOutByPage:
    'ایک صفحہ آپ کو {site} سے سائن آؤٹ کرنا چاہتا ہے۔ اگر آپ سائن آؤٹ نہیں کرنا چاہتے تھے تو یہ صفحہ بند کر دیں۔',
  pageSignOutButton: 'سائن آؤٹ کریں',
  pageSupportLink: 'مدد',
  pagePrivacyLink: 'رازداری',
  pageTermsLink: 'شرائط',
  pageSignedOutTitle: 'سائن آؤٹ ہو گیا',
  pageSignedOutHeading: 'آپ سائن آؤٹ ہو چکے ہیں',
  pageSignedOutMessage: 'آپ یہ صفحہ بند کر سکتے ہیں۔',
  pageSignOutRefusedTitle: 'سائن آؤٹ کی درخواست مسترد کر دی گئی',
  pageSignOutExpired:
    'سائن آؤٹ کے اس صفحے کی میعاد ختم ہو چکی ہے یا یہ اس براؤزر میں نہیں کھولا گیا تھا۔ کچھ بھی تبدیل نہیں کیا گیا۔',
} satisfies MessageTexts;
