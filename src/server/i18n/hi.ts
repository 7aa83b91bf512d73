import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'आपका {app} सत्यापन कोड: {code}',
  emailIntro: '{app} में साइन इन करने के लिए यह कोड इस्तेमाल करें:',
  emailCodeLine: { one: 'यह कोड {minutes} मिनट में खत्म हो जाएगा।', other: 'यह कोड {minutes} मिनट में खत्म हो जाएगा।' },
  emailLinkIntro: 'या एक क्लिक में साइन इन करें:',
  emailLinkButton: '{app} में साइन इन करें',
  emailLinkExpiry: {
    one: 'यह लिंक {link_minutes} मिनट तक, सिर्फ़ एक बार, उसी ब्राउज़र में काम करेगा जिसमें आपने इसका अनुरोध किया था।',
    other: 'यह लिंक {link_minutes} मिनट तक, सिर्फ़ एक बार, उसी ब्राउज़र में काम करेगा जिसमें आपने इसका अनुरोध किया था।',
  },
  emailIgnore: 'अगर आपने साइन इन का अनुरोध नहीं किया था, तो इस संदेश को अनदेखा करें।',
  emailWhy: 'आपको यह ईमेल इसलिए मिला क्योंकि किसी ने {app} में साइन इन करने के लिए यह पता डाला।',
  emailLinkFallback: 'अगर बटन काम न करे, तो यह पता कॉपी करके अपने ब्राउज़र में खोलें:',
  sms: {
    one: '{code} आपका {app} सत्यापन कोड है। यह {minutes} मिनट में खत्म हो जाएगा।',
    other: '{code} आपका {app} सत्यापन कोड है। यह {minutes} मिनट में खत्म हो जाएगा।',
  },
  smsShort: '{app} कोड: {code}',
  noAccountSubject: '{app} में साइन इन की कोशिश',
  noAccountBody:
    'किसी ने इस पते से {app} में साइन इन करने का अनुरोध किया, लेकिन वहाँ इसका कोई खाता नहीं है। अगर यह आप नहीं थे, तो इस संदेश को अनदेखा करें।',
  pageInvalidLinkTitle: 'अमान्य साइन इन लिंक',
  pageInvalidLinkMessage:
    'यह साइन इन लिंक इस ऐप्लिकेशन के लिए मान्य नहीं है। आपने जहाँ साइन इन शुरू किया था, वहीं नए लिंक का अनुरोध करें।',
  pageLinkExpiredTitle: 'साइन इन लिंक की समय-सीमा खत्म हो गई',
  pageLinkExpiredMessage:
    'इस साइन इन लिंक की समय-सीमा खत्म हो गई है, या इससे जुड़ा साइन इन पहले ही पूरा हो चुका है। ऐप्लिकेशन पर वापस जाएँ और फिर से साइन इन करें।',
  pageSignOutTitle: 'साइन आउट करें?',
  pageSignOutByApp: '{client} आपको {site} से साइन आउट करना चाहता है। अगली बार आपको फिर से साइन इन करना होगा।',
  pageSignOutByPage: 'एक पेज आपको {site} से साइन आउट करना चाहता है। अगर आप साइन आउट नहीं करना चाहते थे, तो यह पेज बंद कर दें।',
  pageSignOutButton: 'साइन आउट करें',
  pageSupportLink: 'सहायता',
  pagePrivacyLink: 'निजता',
  pageTermsLink: 'शर्तें',
  pageSignedOutTitle: 'साइन आउट हो गया',
  pageSignedOutHeading: 'आप साइन आउट हो गए हैं',
  pageSignedOutMessage: 'अब आप यह पेज बंद कर सकते हैं।',
  pageSignOutRefusedTitle: 'साइन आउट का अनुरोध अस्वीकार किया गया',
  pageSignOutExpired: 'इस साइन आउट पेज की समय-सीमा खत्म हो गई है, या इसे इस ब्राउज़र में नहीं खोला गया था। कुछ भी नहीं बदला गया।',
} satisfies MessageTexts;
