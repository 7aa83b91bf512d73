import type { Messages } from '../en.js';

/**
 * Canadian French: only what differs from ./fr.ts. The rest comes from fr, whose file is loaded
 * side by side with this one (src/widget/i18n/runtime.ts): every key in one round trip.
 */
export default {
  useEmail: 'Courriel',
  emailLabel: 'Adresse courriel',
  phoneHint: 'Nous vous enverrons un code à usage unique par texto.',
  sending: 'Envoi en cours…',
  linkSent: 'Vérifiez vos courriels. Nous avons envoyé un lien de connexion à {to}. Ouvrez-le dans ce navigateur.',
  enterCodeInstead: 'Entrer plutôt le code',
  change: 'Utiliser un autre courriel ou numéro',
  rememberedHint: 'Utilisé récemment sur cet appareil.',
  invalidEmail: 'Entrez une adresse courriel valide, par exemple name@example.com.',
  invalidPhone: 'Entrez un numéro de téléphone valide pour le pays choisi.',
  invalidCode: 'Entrez le code à {digits} chiffres.',
  expiredCode: 'Ce code est expiré ou a déjà été utilisé. Demandez-en un nouveau.',
  rateLimited: 'Trop de demandes. Attendez un peu, puis réessayez.',
  badIdentifierEmail: 'Cette adresse courriel ne peut pas recevoir de codes. Vérifiez-la et réessayez.',
  misconfigured: 'Ce formulaire de connexion est mal configuré. Veuillez aviser le responsable du site.',
  linkStateMissing:
    'Ce lien a été ouvert dans un autre navigateur ou sur un autre appareil. Ouvrez-le dans le navigateur où vous l’avez demandé, ou entrez-y le code du même courriel.',
  linkExpired: 'Ce lien est expiré ou a déjà été utilisé.',
} satisfies Partial<Messages>;
