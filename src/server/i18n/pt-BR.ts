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
  emailWhy: 'Você recebeu este e-mail porque alguém digitou este endereço para entrar no {app}.',
  emailLinkFallback: 'Se o botão não funcionar, copie este endereço no seu navegador:',
  sms: {
    one: '{code} é seu código de verificação do {app}. Expira em {minutes} minuto.',
    other: '{code} é seu código de verificação do {app}. Expira em {minutes} minutos.',
  },
  smsShort: 'Código do {app}: {code}',
  noAccountSubject: 'Tentativa de login no {app}',
  noAccountBody:
    'Alguém pediu para entrar no {app} com este endereço, mas não há conta com ele lá. Se não foi você, pode ignorar esta mensagem.',
  pageInvalidLinkTitle: 'Link de login inválido',
  pageInvalidLinkMessage:
    'Este link de login não é válido para este aplicativo. Peça um novo no lugar onde você começou a entrar.',
  pageLinkExpiredTitle: 'Link de login expirado',
  pageLinkExpiredMessage:
    'Este link de login expirou ou o login já foi concluído. Volte para o aplicativo e entre novamente.',
  pageSignOutTitle: 'Sair?',
  pageSignOutByApp:
    '{client} está pedindo para encerrar sua sessão em {site}. Na próxima vez, você precisará entrar novamente.',
  pageSignOutByPage:
    'Uma página está pedindo para encerrar sua sessão em {site}. Se você não queria sair, feche esta página.',
  pageSignOutButton: 'Sair',
  pageSupportLink: 'Ajuda',
  pagePrivacyLink: 'Privacidade',
  pageTermsLink: 'Termos',
  pageSignedOutTitle: 'Sessão encerrada',
  pageSignedOutHeading: 'Você saiu da sua conta',
  pageSignedOutMessage: 'Você pode fechar esta página.',
  pageSignOutRefusedTitle: 'Pedido de saída recusado',
  pageSignOutExpired: 'Esta página de saída expirou ou não foi aberta neste navegador. Nada foi alterado.',
} satisfies MessageTexts;
