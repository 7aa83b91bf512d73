import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Mã xác minh {app} của bạn: {code}',
  emailIntro: 'Dùng mã này để đăng nhập vào {app}:',
  emailCodeLine: 'Mã sẽ hết hạn sau {minutes} phút.',
  emailLinkIntro: 'Hoặc đăng nhập chỉ với một cú nhấp:',
  emailLinkButton: 'Đăng nhập vào {app}',
  emailLinkExpiry:
    'Đường liên kết có hiệu lực trong {link_minutes} phút, dùng một lần, trong trình duyệt mà bạn đã yêu cầu.',
  emailIgnore: 'Nếu bạn không yêu cầu đăng nhập, hãy bỏ qua tin nhắn này.',
  sms: '{code} là mã xác minh {app} của bạn. Mã sẽ hết hạn sau {minutes} phút.',
  noAccountSubject: 'Có người thử đăng nhập vào {app}',
  noAccountBody:
    'Có người đã yêu cầu đăng nhập vào {app} bằng địa chỉ này, nhưng địa chỉ này không có tài khoản ở đó. Nếu đó không phải là bạn, hãy bỏ qua tin nhắn này.',
} satisfies MessageTexts;
