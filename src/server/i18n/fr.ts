import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Votre code de vérification {app} : {code}',
  emailIntro: 'Utilisez ce code pour vous connecter à {app} :',
  emailCodeLine: { one: 'Le code expire dans {minutes} minute.', other: 'Le code expire dans {minutes} minutes.' },
  emailLinkIntro: 'Ou connectez-vous en un clic :',
  emailLinkButton: 'Se connecter à {app}',
  emailLinkExpiry: {
    one: 'Le lien fonctionne pendant {link_minutes} minute, une seule fois, dans le navigateur où vous l’avez demandé.',
    other:
      'Le lien fonctionne pendant {link_minutes} minutes, une seule fois, dans le navigateur où vous l’avez demandé.',
  },
  emailIgnore: 'Si vous n’avez pas demandé à vous connecter, ignorez ce message.',
  emailWhy: 'Vous recevez cet e-mail parce que quelqu’un a saisi cette adresse pour se connecter à {app}.',
  emailLinkFallback: 'Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :',
  sms: {
    one: '{code} est votre code de vérification {app}. Il expire dans {minutes} minute.',
    other: '{code} est votre code de vérification {app}. Il expire dans {minutes} minutes.',
  },
  smsShort: 'Code {app} : {code}',
  noAccountSubject: 'Tentative de connexion à {app}',
  noAccountBody:
    'Quelqu’un a demandé à se connecter à {app} avec cette adresse, mais elle n’y a pas de compte. Si ce n’était pas vous, ignorez ce message.',
  pageInvalidLinkTitle: 'Lien de connexion non valide',
  pageInvalidLinkMessage:
    'Ce lien de connexion n’est pas valide pour cette application. Demandez-en un nouveau là où vous avez commencé à vous connecter.',
  pageLinkExpiredTitle: 'Lien de connexion expiré',
  pageLinkExpiredMessage:
    'Ce lien de connexion a expiré ou la connexion correspondante est déjà terminée. Retournez dans l’application et reconnectez-vous.',
  pageSignOutTitle: 'Se déconnecter ?',
  pageSignOutByApp: '{client} demande à vous déconnecter de {site}. Vous devrez vous reconnecter la prochaine fois.',
  pageSignOutByPage:
    'Une page demande à vous déconnecter de {site}. Si vous ne vouliez pas vous déconnecter, fermez cette page.',
  pageSignOutButton: 'Se déconnecter',
  pageSupportLink: 'Aide',
  pagePrivacyLink: 'Confidentialité',
  pageTermsLink: 'Conditions',
  pageSignedOutTitle: 'Déconnexion effectuée',
  pageSignedOutHeading: 'Votre session est fermée',
  pageSignedOutMessage: 'Vous pouvez fermer cette page.',
  pageSignOutRefusedTitle: 'Demande de déconnexion refusée',
  pageSignOutExpired:
    'Cette page de déconnexion a expiré ou n’a pas été ouverte dans ce navigateur. Rien n’a été modifié.',
} satisfies MessageTexts;
