import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Ο κωδικός επαλήθευσης για το {app}: {code}',
  emailIntro: 'Χρησιμοποιήστε αυτόν τον κωδικό για να συνδεθείτε στο {app}:',
  emailCodeLine: { one: 'Ο κωδικός λήγει σε {minutes} λεπτό.', other: 'Ο κωδικός λήγει σε {minutes} λεπτά.' },
  emailLinkIntro: 'Ή συνδεθείτε με ένα κλικ:',
  emailLinkButton: 'Σύνδεση στο {app}',
  emailLinkExpiry: {
    one: 'Ο σύνδεσμος ισχύει για {link_minutes} λεπτό, μία φορά, στο πρόγραμμα περιήγησης όπου τον ζητήσατε.',
    other: 'Ο σύνδεσμος ισχύει για {link_minutes} λεπτά, μία φορά, στο πρόγραμμα περιήγησης όπου τον ζητήσατε.',
  },
  emailIgnore: 'Αν δεν ζητήσατε να συνδεθείτε, μπορείτε να αγνοήσετε αυτό το μήνυμα.',
  sms: {
    one: 'Ο {code} είναι ο κωδικός επαλήθευσης για το {app}. Λήγει σε {minutes} λεπτό.',
    other: 'Ο {code} είναι ο κωδικός επαλήθευσης για το {app}. Λήγει σε {minutes} λεπτά.',
  },
  noAccountSubject: 'Απόπειρα σύνδεσης στο {app}',
  noAccountBody:
    'Κάποιος ζήτησε να συνδεθεί στο {app} με αυτή τη διεύθυνση, αλλά δεν υπάρχει λογαριασμός για αυτήν εκεί. Αν δεν ήσασταν εσείς, μπορείτε να αγνοήσετε αυτό το μήνυμα.',
  pageInvalidLinkTitle: 'Μη έγκυρος σύνδεσμος σύνδεσης',
  pageInvalidLinkMessage:
    'Αυτός ο σύνδεσμος σύνδεσης δεν ισχύει για αυτή την εφαρμογή. Ζητήστε νέο από εκεί όπου ξεκινήσατε τη σύνδεση.',
  pageLinkExpiredTitle: 'Ο σύνδεσμος σύνδεσης έληξε',
  pageLinkExpiredMessage:
    'Αυτός ο σύνδεσμος σύνδεσης έχει λήξει ή η σχετική σύνδεση έχει ήδη ολοκληρωθεί. Επιστρέψτε στην εφαρμογή και συνδεθείτε ξανά.',
  pageSignOutTitle: 'Αποσύνδεση;',
  pageSignOutByApp: 'Το {client} ζητά να αποσυνδεθείτε από το {site}. Την επόμενη φορά θα πρέπει να συνδεθείτε ξανά.',
  pageSignOutByPage:
    'Μια σελίδα ζητά να αποσυνδεθείτε από το {site}. Αν δεν θέλατε να αποσυνδεθείτε, κλείστε αυτή τη σελίδα.',
  pageSignOutButton: 'Αποσύνδεση',
  pageSupportLink: 'Βοήθεια',
  pagePrivacyLink: 'Απόρρητο',
  pageTermsLink: 'Όροι',
  pageSignedOutTitle: 'Έγινε αποσύνδεση',
  pageSignedOutHeading: 'Αποσυνδεθήκατε',
  pageSignedOutMessage: 'Μπορείτε να κλείσετε αυτή τη σελίδα.',
  pageSignOutRefusedTitle: 'Το αίτημα αποσύνδεσης απορρίφθηκε',
  pageSignOutExpired:
    'Αυτή η σελίδα αποσύνδεσης έχει λήξει ή δεν άνοιξε σε αυτό το πρόγραμμα περιήγησης. Δεν άλλαξε τίποτα.',
} satisfies MessageTexts;
