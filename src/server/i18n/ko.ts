import type { MessageTexts } from './types.js';

export default {
  emailSubject: '{app} 인증 코드: {code}',
  emailIntro: '{app}에 로그인하려면 이 코드를 사용하세요:',
  emailCodeLine: '코드는 {minutes}분 후에 만료됩니다.',
  emailLinkIntro: '또는 한 번의 클릭으로 로그인하세요:',
  emailLinkButton: '{app}에 로그인',
  emailLinkExpiry: '링크는 요청한 브라우저에서 {link_minutes}분 동안 한 번만 사용할 수 있습니다.',
  emailIgnore: '로그인을 요청하지 않았다면 이 메시지를 무시하셔도 됩니다.',
  emailWhy: '누군가 {app}에 로그인하려고 이 주소를 입력했기 때문에 이 이메일이 발송되었습니다.',
  emailLinkFallback: '버튼이 작동하지 않으면 이 주소를 복사해 브라우저에 붙여 넣으세요:',
  sms: '{app} 인증 코드: {code} ({minutes}분간 유효)',
  smsShort: '{app} 인증 코드: {code}',
  noAccountSubject: '{app} 로그인 시도',
  noAccountBody:
    '누군가 이 주소로 {app}에 로그인하려고 했지만, 이 주소로 된 계정이 없습니다. 본인이 아니라면 이 메시지를 무시하셔도 됩니다.',
  pageInvalidLinkTitle: '잘못된 로그인 링크',
  pageInvalidLinkMessage:
    '이 로그인 링크는 이 애플리케이션에서 사용할 수 없습니다. 로그인을 시작한 곳에서 새 링크를 요청하세요.',
  pageLinkExpiredTitle: '로그인 링크 만료됨',
  pageLinkExpiredMessage:
    '이 로그인 링크가 만료되었거나 이미 로그인이 완료되었습니다. 애플리케이션으로 돌아가 다시 로그인하세요.',
  pageSignOutTitle: '로그아웃하시겠습니까?',
  pageSignOutByApp: '{client}이(가) {site}에서 로그아웃하도록 요청하고 있습니다. 다음에는 다시 로그인해야 합니다.',
  pageSignOutByPage:
    '어떤 페이지가 {site}에서 로그아웃하도록 요청하고 있습니다. 로그아웃하려던 것이 아니라면 이 페이지를 닫으세요.',
  pageSignOutButton: '로그아웃',
  pageSupportLink: '도움말',
  pagePrivacyLink: '개인정보 보호',
  pageTermsLink: '이용약관',
  pageSignedOutTitle: '로그아웃됨',
  pageSignedOutHeading: '로그아웃되었습니다',
  pageSignedOutMessage: '이 페이지를 닫으셔도 됩니다.',
  pageSignOutRefusedTitle: '로그아웃 요청 거부됨',
  pageSignOutExpired:
    '이 로그아웃 페이지가 만료되었거나 이 브라우저에서 열리지 않았습니다. 아무것도 변경되지 않았습니다.',
} satisfies MessageTexts;
