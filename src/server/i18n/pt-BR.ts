import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'Seu código de verificação do {app}: {code}',
  emailIntro: 'Use este código para entrar no {app}:',
  emailCodeLine: { one: 'O código expira em {minutes} minuto.', other: 'O código expira em {minutes} minutos.' },
  emailLinkIntro: 'Ou entre com um clique:',
  emailLinkButton: 'Entrar no {app}',
  emailLinkExpiry: {
    one: 'O link funciona por {link_minutes} minuto, uma única vez, no navegador em que você o pediu.',
    other: 'O link funciona por {link_minutes} minutos, uma única vez, no navegador em que você o pediu.',
  },
  emailIgnore: 'Se você não pediu para entrar, pode ignorar esta mensagem.',
  sms: {
    one: '{code} é seu código de verificação do {app}. Expira em {minutes} minuto.',
    other: '{code} é seu código de verificação do {app}. Expira em {minutes} minutos.',
  },
  noAccountSubject: 'Tentativa de login no {app}',
  noAccountBody:
    'Alguém pediu para entrar no {app} com este endereço, mas não há conta com ele lá. Se não foi você, pode ignorar esta mensagem.',
} satisfies MessageTexts;
