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
  sms: {
    one: '{code} آپ کا {app} تصدیقی کوڈ ہے۔ یہ {minutes} منٹ میں ختم ہو جائے گا۔',
    other: '{code} آپ کا {app} تصدیقی کوڈ ہے۔ یہ {minutes} منٹ میں ختم ہو جائے گا۔',
  },
  noAccountSubject: '{app} میں سائن اِن کی کوشش',
  noAccountBody:
    'کسی نے اس پتے سے {app} میں سائن اِن کرنے کی درخواست کی، لیکن وہاں اس کا کوئی اکاؤنٹ نہیں ہے۔ اگر یہ آپ نہیں تھے تو اس پیغام کو نظر انداز کر دیں۔',
} satisfies MessageTexts;
