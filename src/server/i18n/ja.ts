import type { MessageTexts } from './types.js';

export default {
  emailSubject: '{app}の確認コード：{code}',
  emailIntro: '{app}にログインするには、次のコードを使用してください：',
  emailCodeLine: 'このコードの有効期限は{minutes}分です。',
  emailLinkIntro: 'または、ワンクリックでログイン：',
  emailLinkButton: '{app}にログイン',
  emailLinkExpiry: 'このリンクは{link_minutes}分間、リクエストしたブラウザで1回だけ使用できます。',
  emailIgnore: 'ログインをリクエストしていない場合は、このメッセージを無視してください。',
  emailWhy: '{app}にログインするためにこのアドレスが入力されたため、このメールをお送りしています。',
  emailLinkFallback: 'ボタンが機能しない場合は、このアドレスをブラウザにコピーしてください:',
  sms: '{code}は{app}の確認コードです。有効期限は{minutes}分です。',
  smsShort: '{app}の確認コード: {code}',
  noAccountSubject: '{app}へのログインの試み',
  noAccountBody:
    'このアドレスで{app}へのログインがリクエストされましたが、このアドレスのアカウントはありません。お心当たりがない場合は、このメッセージを無視してください。',
  pageInvalidLinkTitle: '無効なログインリンク',
  pageInvalidLinkMessage:
    'このログインリンクは、このアプリケーションでは無効です。ログインを開始した画面で、新しいリンクをリクエストしてください。',
  pageLinkExpiredTitle: 'ログインリンクの有効期限切れ',
  pageLinkExpiredMessage:
    'このログインリンクは有効期限が切れているか、ログインがすでに完了しています。アプリケーションに戻って、再度ログインしてください。',
  pageSignOutTitle: 'ログアウトしますか？',
  pageSignOutByApp: '{client}が{site}からのログアウトを求めています。次回は再度ログインする必要があります。',
  pageSignOutByPage:
    'あるページが{site}からのログアウトを求めています。ログアウトするつもりがなかった場合は、このページを閉じてください。',
  pageSignOutButton: 'ログアウト',
  pageSupportLink: 'ヘルプ',
  pagePrivacyLink: 'プライバシー',
  pageTermsLink: '利用規約',
  pageSignedOutTitle: 'ログアウト完了',
  pageSignedOutHeading: 'ログアウトしました',
  pageSignedOutMessage: 'このページは閉じてもかまいません。',
  pageSignOutRefusedTitle: 'ログアウトのリクエストが拒否されました',
  pageSignOutExpired:
    'このログアウトページは有効期限が切れているか、このブラウザで開かれたものではありません。何も変更されていません。',
} satisfies MessageTexts;
