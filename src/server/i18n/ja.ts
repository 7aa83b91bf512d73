import type { MessageTexts } from './types.js';

export default {
  emailSubject: '{app}の確認コード：{code}',
  emailIntro: '{app}にログインするには、次のコードを使用してください：',
  emailCodeLine: 'このコードの有効期限は{minutes}分です。',
  emailLinkIntro: 'または、ワンクリックでログイン：',
  emailLinkButton: '{app}にログイン',
  emailLinkExpiry: 'このリンクは{link_minutes}分間、リクエストしたブラウザで1回だけ使用できます。',
  emailIgnore: 'ログインをリクエストしていない場合は、このメッセージを無視してください。',
  sms: '{code}は{app}の確認コードです。有効期限は{minutes}分です。',
  noAccountSubject: '{app}へのログインの試み',
  noAccountBody:
    'このアドレスで{app}へのログインがリクエストされましたが、このアドレスのアカウントはありません。お心当たりがない場合は、このメッセージを無視してください。',
} satisfies MessageTexts;
