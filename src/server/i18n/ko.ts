import type { MessageTexts } from './types.js';

export default {
  emailSubject: '{app} 인증 코드: {code}',
  emailIntro: '{app}에 로그인하려면 이 코드를 사용하세요:',
  emailCodeLine: '코드는 {minutes}분 후에 만료됩니다.',
  emailLinkIntro: '또는 한 번의 클릭으로 로그인하세요:',
  emailLinkButton: '{app}에 로그인',
  emailLinkExpiry: '링크는 요청한 브라우저에서 {link_minutes}분 동안 한 번만 사용할 수 있습니다.',
  emailIgnore: '로그인을 요청하지 않았다면 이 메시지를 무시하셔도 됩니다.',
  sms: '{code}은(는) {app} 인증 코드입니다. {minutes}분 후에 만료됩니다.',
  noAccountSubject: '{app} 로그인 시도',
  noAccountBody:
    '누군가 이 주소로 {app}에 로그인하려고 했지만, 이 주소로 된 계정이 없습니다. 본인이 아니라면 이 메시지를 무시하셔도 됩니다.',
} satisfies MessageTexts;
