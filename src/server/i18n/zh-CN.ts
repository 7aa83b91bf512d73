import type { MessageTexts } from './types.js';

export default {
  emailSubject: '你的 {app} 验证码：{code}',
  emailIntro: '使用此验证码登录 {app}：',
  emailCodeLine: '验证码将在 {minutes} 分钟后过期。',
  emailLinkIntro: '或一键登录：',
  emailLinkButton: '登录 {app}',
  emailLinkExpiry: '此链接在 {link_minutes} 分钟内有效，只能在你发起请求的浏览器中使用一次。',
  emailIgnore: '如果你没有请求登录，可以忽略此消息。',
  sms: '{code} 是你的 {app} 验证码，{minutes} 分钟内有效。',
  noAccountSubject: '{app} 登录尝试',
  noAccountBody: '有人尝试使用此地址登录 {app}，但该地址在那里没有帐号。如果不是你本人操作，可以忽略此消息。',
} satisfies MessageTexts;
