import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Il tuo codice di verifica {app}: {code}',
  emailIntro: 'Usa questo codice per accedere a {app}:',
  emailCodeLine: { one: 'Il codice scade tra {minutes} minuto.', other: 'Il codice scade tra {minutes} minuti.' },
  emailLinkIntro: 'Oppure accedi con un clic:',
  emailLinkButton: 'Accedi a {app}',
  emailLinkExpiry: {
    one: 'Il link funziona per {link_minutes} minuto, una sola volta, nel browser in cui l’hai richiesto.',
    other: 'Il link funziona per {link_minutes} minuti, una sola volta, nel browser in cui l’hai richiesto.',
  },
  emailIgnore: 'Se non hai chiesto di accedere, puoi ignorare questo messaggio.',
  emailWhy: 'Hai ricevuto questa email perché qualcuno ha inserito questo indirizzo per accedere a {app}.',
  emailLinkFallback: 'Se il pulsante non funziona, copia questo indirizzo nel browser:',
  sms: {
    one: '{code} è il tuo codice di verifica {app}. Scade tra {minutes} minuto.',
    other: '{code} è il tuo codice di verifica {app}. Scade tra {minutes} minuti.',
  },
  smsShort: 'Codice {app}: {code}',
  noAccountSubject: 'Tentativo di accesso a {app}',
  noAccountBody:
    'Qualcuno ha chiesto di accedere a {app} con questo indirizzo, ma lì non esiste un account associato. Se non sei stato tu, puoi ignorare questo messaggio.',
  pageInvalidLinkTitle: 'Link di accesso non valido',
  pageInvalidLinkMessage:
    'Questo link di accesso non è valido per questa applicazione. Richiedine uno nuovo dove hai iniziato l’accesso.',
  pageLinkExpiredTitle: 'Link di accesso scaduto',
  pageLinkExpiredMessage:
    'Questo link di accesso è scaduto o l’accesso è già stato completato. Torna all’applicazione e accedi di nuovo.',
  pageSignOutTitle: 'Vuoi uscire?',
  pageSignOutByApp: '{client} chiede di disconnetterti da {site}. La prossima volta dovrai accedere di nuovo.',
  pageSignOutByPage: 'Una pagina chiede di disconnetterti da {site}. Se non volevi uscire, chiudi questa pagina.',
  pageSignOutButton: 'Esci',
  pageSupportLink: 'Assistenza',
  pagePrivacyLink: 'Informativa sulla privacy',
  pageTermsLink: 'Termini',
  pageSignedOutTitle: 'Disconnessione effettuata',
  pageSignedOutHeading: 'Hai effettuato la disconnessione',
  pageSignedOutMessage: 'Puoi chiudere questa pagina.',
  pageSignOutRefusedTitle: 'Richiesta di disconnessione rifiutata',
  pageSignOutExpired:
    'Questa pagina di disconnessione è scaduta o non è stata aperta in questo browser. Non è stato modificato nulla.',
} satisfies MessageTexts;
