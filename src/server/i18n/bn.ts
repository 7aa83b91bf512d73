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
  emailWhy: 'আপনি এই ইমেলটি পেয়েছেন কারণ কেউ {app}-এ সাইন ইন করতে এই ঠিকানাটি দিয়েছেন।',
  emailLinkFallback: 'বোতামটি কাজ না করলে এই ঠিকানাটি কপি করে আপনার ব্রাউজারে পেস্ট করুন:',
  sms: {
    one: '{code} আপনার {app} যাচাইকরণ কোড। এর মেয়াদ {minutes} মিনিট পরে শেষ হবে।',
    other: '{code} আপনার {app} যাচাইকরণ কোড। এর মেয়াদ {minutes} মিনিট পরে শেষ হবে।',
  },
  smsShort: '{app} কোড: {code}',
  noAccountSubject: '{app}-এ সাইন ইনের চেষ্টা',
  noAccountBody:
    'কেউ এই ঠিকানা দিয়ে {app}-এ সাইন ইন করার অনুরোধ করেছে, কিন্তু সেখানে এর কোনো অ্যাকাউন্ট নেই। এটি আপনি না হলে এই বার্তাটি উপেক্ষা করুন।',
  pageInvalidLinkTitle: 'অবৈধ সাইন ইন লিঙ্ক',
  pageInvalidLinkMessage:
    'এই সাইন ইন লিঙ্কটি এই অ্যাপ্লিকেশনের জন্য বৈধ নয়। যেখানে সাইন ইন শুরু করেছিলেন, সেখান থেকে একটি নতুন লিঙ্কের অনুরোধ করুন।',
  pageLinkExpiredTitle: 'সাইন ইন লিঙ্কের মেয়াদ শেষ',
  pageLinkExpiredMessage:
    'এই সাইন ইন লিঙ্কটির মেয়াদ শেষ হয়ে গেছে অথবা এর সাইন ইন ইতিমধ্যে সম্পন্ন হয়েছে। অ্যাপ্লিকেশনে ফিরে গিয়ে আবার সাইন ইন করুন।',
  pageSignOutTitle: 'সাইন আউট করবেন?',
  pageSignOutByApp: '{client} আপনাকে {site} থেকে সাইন আউট করার অনুরোধ করছে। পরের বার আপনাকে আবার সাইন ইন করতে হবে।',
  pageSignOutByPage:
    'একটি পৃষ্ঠা আপনাকে {site} থেকে সাইন আউট করার অনুরোধ করছে। আপনি সাইন আউট করতে না চাইলে এই পৃষ্ঠাটি বন্ধ করুন।',
  pageSignOutButton: 'সাইন আউট করুন',
  pageSupportLink: 'সহায়তা',
  pagePrivacyLink: 'গোপনীয়তা',
  pageTermsLink: 'শর্তাবলি',
  pageSignedOutTitle: 'সাইন আউট হয়েছে',
  pageSignedOutHeading: 'আপনি সাইন আউট করেছেন',
  pageSignedOutMessage: 'আপনি এই পৃষ্ঠাটি বন্ধ করতে পারেন।',
  pageSignOutRefusedTitle: 'সাইন আউটের অনুরোধ প্রত্যাখ্যান করা হয়েছে',
  pageSignOutExpired: 'এই সাইন আউট পৃষ্ঠাটির মেয়াদ শেষ হয়ে গেছে অথবা এটি এই ব্রাউজারে খোলা হয়নি। কিছুই পরিবর্তন করা হয়নি।',
} satisfies MessageTexts;
