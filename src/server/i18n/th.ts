import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'รหัสยืนยัน {app} ของคุณ: {code}',
  emailIntro: 'ใช้รหัสนี้เพื่อเข้าสู่ระบบ {app}:',
  emailCodeLine: 'รหัสจะหมดอายุใน {minutes} นาที',
  emailLinkIntro: 'หรือเข้าสู่ระบบด้วยการคลิกครั้งเดียว:',
  emailLinkButton: 'เข้าสู่ระบบ {app}',
  emailLinkExpiry: 'ลิงก์ใช้ได้ {link_minutes} นาที เพียงครั้งเดียว ในเบราว์เซอร์ที่คุณขอลิงก์',
  emailIgnore: 'หากคุณไม่ได้ขอเข้าสู่ระบบ ไม่ต้องสนใจข้อความนี้',
  sms: '{code} คือรหัสยืนยัน {app} ของคุณ รหัสจะหมดอายุใน {minutes} นาที',
  noAccountSubject: 'มีการพยายามเข้าสู่ระบบ {app}',
  noAccountBody: 'มีผู้ขอเข้าสู่ระบบ {app} ด้วยที่อยู่นี้ แต่ไม่มีบัญชีสำหรับที่อยู่นี้ หากไม่ใช่คุณ ไม่ต้องสนใจข้อความนี้',
} satisfies MessageTexts;
