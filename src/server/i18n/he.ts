import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'קוד האימות שלך ל־{app}‏: {code}',
  emailIntro: 'אפשר להשתמש בקוד הזה כדי להיכנס ל־{app}:',
  emailCodeLine: {
    one: 'תוקף הקוד יפוג בעוד דקה אחת.',
    two: 'תוקף הקוד יפוג בעוד שתי דקות.',
    other: 'תוקף הקוד יפוג בעוד {minutes} דקות.',
  },
  emailLinkIntro: 'או להיכנס בלחיצה אחת:',
  emailLinkButton: 'כניסה ל־{app}',
  emailLinkExpiry: {
    one: 'הקישור תקף לדקה אחת, לשימוש אחד, בדפדפן שבו ביקשת אותו.',
    two: 'הקישור תקף לשתי דקות, לשימוש אחד, בדפדפן שבו ביקשת אותו.',
    other: 'הקישור תקף ל־{link_minutes} דקות, לשימוש אחד, בדפדפן שבו ביקשת אותו.',
  },
  emailIgnore: 'אם לא ביקשת להיכנס, אפשר להתעלם מההודעה הזו.',
  emailWhy: 'קיבלת את ההודעה הזו כי מישהו הזין את הכתובת הזו כדי להיכנס אל {app}.',
  emailLinkFallback: 'אם הכפתור לא עובד, אפשר להעתיק את הכתובת הזו לדפדפן:',
  sms: {
    one: '{code} הוא קוד האימות שלך ל־{app}. תוקפו יפוג בעוד דקה אחת.',
    two: '{code} הוא קוד האימות שלך ל־{app}. תוקפו יפוג בעוד שתי דקות.',
    other: '{code} הוא קוד האימות שלך ל־{app}. תוקפו יפוג בעוד {minutes} דקות.',
  },
  smsShort: 'הקוד ל-{app}: {code}',
  noAccountSubject: 'ניסיון כניסה ל־{app}',
  noAccountBody:
    'מישהו ביקש להיכנס ל־{app} עם הכתובת הזו, אבל אין לה חשבון שם. אם זה לא היית את או אתה, אפשר להתעלם מההודעה הזו.',
  pageInvalidLinkTitle: 'קישור כניסה לא תקין',
  pageInvalidLinkMessage: 'קישור הכניסה הזה לא תקף לאפליקציה הזו. אפשר לבקש קישור חדש במקום שבו התחלת להיכנס.',
  pageLinkExpiredTitle: 'תוקף קישור הכניסה פג',
  pageLinkExpiredMessage: 'תוקף קישור הכניסה הזה פג, או שהכניסה שלו כבר הושלמה. אפשר לחזור לאפליקציה ולהיכנס שוב.',
  pageSignOutTitle: 'לצאת מהחשבון?',
  pageSignOutByApp: 'האפליקציה {client} מבקשת להוציא אותך מ־{site}. בפעם הבאה יהיה צורך להיכנס שוב.',
  pageSignOutByPage: 'דף כלשהו מבקש להוציא אותך מ־{site}. אם לא התכוונת לצאת, יש לסגור את הדף הזה.',
  pageSignOutButton: 'יציאה',
  pageSignedOutTitle: 'היציאה בוצעה',
  pageSignedOutHeading: 'יצאת מהחשבון',
  pageSignedOutMessage: 'אפשר לסגור את הדף הזה.',
  pageSignOutRefusedTitle: 'בקשת היציאה נדחתה',
  pageSignOutExpired: 'תוקף דף היציאה הזה פג, או שהוא לא נפתח בדפדפן הזה. לא בוצע שום שינוי.',
} satisfies MessageTexts;
