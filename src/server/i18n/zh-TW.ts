import type { MessageTexts } from './types.js';

export default {
  emailSubject: '你的 {app} 驗證碼：{code}',
  emailIntro: '使用這組驗證碼登入 {app}：',
  emailCodeLine: '驗證碼將在 {minutes} 分鐘後失效。',
  emailLinkIntro: '或一鍵登入：',
  emailLinkButton: '登入 {app}',
  emailLinkExpiry: '這個連結在 {link_minutes} 分鐘內有效，只能在你提出要求的瀏覽器中使用一次。',
  emailIgnore: '如果你沒有要求登入，可以忽略這則訊息。',
  sms: '{code} 是你的 {app} 驗證碼，{minutes} 分鐘內有效。',
  noAccountSubject: '{app} 登入嘗試',
  noAccountBody: '有人嘗試用這個地址登入 {app}，但該地址在那裡沒有帳戶。如果不是你本人操作，可以忽略這則訊息。',
} satisfies MessageTexts;
