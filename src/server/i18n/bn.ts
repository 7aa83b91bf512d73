import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'আপনার {app} যাচাইকরণ কোড: {code}',
  emailIntro: '{app}-এ সাইন ইন করতে এই কোডটি ব্যবহার করুন:',
  emailCodeLine: {
    one: 'কোডটির মেয়াদ {minutes} মিনিট পরে শেষ হবে।',
    other: 'কোডটির মেয়াদ {minutes} মিনিট পরে শেষ হবে।',
  },
  emailLinkIntro: 'অথবা এক ক্লিকে সাইন ইন করুন:',
  emailLinkButton: '{app}-এ সাইন ইন করুন',
  emailLinkExpiry: {
    one: 'লিঙ্কটি {link_minutes} মিনিট ধরে, শুধু একবার, যে ব্রাউজার থেকে অনুরোধ করেছিলেন সেখানেই কাজ করবে।',
    other: 'লিঙ্কটি {link_minutes} মিনিট ধরে, শুধু একবার, যে ব্রাউজার থেকে অনুরোধ করেছিলেন সেখানেই কাজ করবে।',
  },
  emailIgnore: 'আপনি সাইন ইনের অনুরোধ না করে থাকলে এই বার্তাটি উপেক্ষা করুন।',
  sms: {
    one: '{code} আপনার {app} যাচাইকরণ কোড। এর মেয়াদ {minutes} মিনিট পরে শেষ হবে।',
    other: '{code} আপনার {app} যাচাইকরণ কোড। এর মেয়াদ {minutes} মিনিট পরে শেষ হবে।',
  },
  noAccountSubject: '{app}-এ সাইন ইনের চেষ্টা',
  noAccountBody:
    'কেউ এই ঠিকানা দিয়ে {app}-এ সাইন ইন করার অনুরোধ করেছে, কিন্তু সেখানে এর কোনো অ্যাকাউন্ট নেই। এটি আপনি না হলে এই বার্তাটি উপেক্ষা করুন।',
} satisfies MessageTexts;
