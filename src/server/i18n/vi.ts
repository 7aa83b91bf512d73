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
  emailWhy: 'Bạn nhận được email này vì ai đó đã nhập địa chỉ này để đăng nhập vào {app}.',
  emailLinkFallback: 'Nếu nút không hoạt động, hãy sao chép địa chỉ này vào trình duyệt:',
  sms: '{code} là mã xác minh {app} của bạn. Mã sẽ hết hạn sau {minutes} phút.',
  smsShort: 'Mã {app}: {code}',
  noAccountSubject: 'Có người thử đăng nhập vào {app}',
  noAccountBody:
    'Có người đã yêu cầu đăng nhập vào {app} bằng địa chỉ này, nhưng địa chỉ này không có tài khoản ở đó. Nếu đó không phải là bạn, hãy bỏ qua tin nhắn này.',
  pageInvalidLinkTitle: 'Liên kết đăng nhập không hợp lệ',
  pageInvalidLinkMessage:
    'Đường liên kết đăng nhập này không hợp lệ với ứng dụng này. Hãy yêu cầu liên kết mới tại nơi bạn bắt đầu đăng nhập.',
  pageLinkExpiredTitle: 'Liên kết đăng nhập đã hết hạn',
  pageLinkExpiredMessage:
    'Đường liên kết đăng nhập này đã hết hạn hoặc việc đăng nhập đã hoàn tất. Hãy quay lại ứng dụng và đăng nhập lại.',
  pageSignOutTitle: 'Bạn muốn đăng xuất?',
  pageSignOutByApp: '{client} yêu cầu đăng xuất bạn khỏi {site}. Lần sau bạn sẽ phải đăng nhập lại.',
  pageSignOutByPage: 'Một trang yêu cầu đăng xuất bạn khỏi {site}. Nếu bạn không định đăng xuất, hãy đóng trang này.',
  pageSignOutButton: 'Đăng xuất',
  pageSupportLink: 'Trợ giúp',
  pagePrivacyLink: 'Quyền riêng tư',
  pageTermsLink: 'Điều khoản',
  pageSignedOutTitle: 'Đã đăng xuất',
  pageSignedOutHeading: 'Bạn đã đăng xuất',
  pageSignedOutMessage: 'Bạn có thể đóng trang này.',
  pageSignOutRefusedTitle: 'Yêu cầu đăng xuất bị từ chối',
  pageSignOutExpired: 'Trang đăng xuất này đã hết hạn hoặc không được mở trong trình duyệt này. Không có gì thay đổi.',
} satisfies MessageTexts;
