import type { MessageTexts } from './types.js';

export default {
  emailSubject: 'O seu código de verificação da {app}: {code}',
  emailIntro: 'Utilize este código para iniciar sessão na {app}:',
  emailCodeLine: {
    one: 'O código expira daqui a {minutes} minuto.',
    other: 'O código expira daqui a {minutes} minutos.',
  },
  emailLinkIntro: 'Ou inicie sessão com um clique:',
  emailLinkButton: 'Iniciar sessão na {app}',
  emailLinkExpiry: {
    one: 'A ligação funciona durante {link_minutes} minuto, uma única vez, no navegador onde a pediu.',
    other: 'A ligação funciona durante {link_minutes} minutos, uma única vez, no navegador onde a pediu.',
  },
  emailIgnore: 'Se não pediu para iniciar sessão, pode ignorar esta mensagem.',
  emailWhy: 'Recebeu este email porque alguém introduziu este endereço para iniciar sessão em {app}.',
  emailLinkFallback: 'Se o botão não funcionar, copie este endereço para o seu navegador:',
  sms: {
    one: '{code} é o seu código de verificação da {app}. Expira daqui a {minutes} minuto.',
    other: '{code} é o seu código de verificação da {app}. Expira daqui a {minutes} minutos.',
  },
  smsShort: 'Código {app}: {code}',
  noAccountSubject: 'Tentativa de início de sessão na {app}',
  noAccountBody:
    'Alguém pediu para iniciar sessão na {app} com este endereço, mas não existe lá nenhuma conta associada. Se não foi o utilizador, pode ignorar esta mensagem.',
  pageInvalidLinkTitle: 'Ligação de início de sessão inválida',
  pageInvalidLinkMessage:
    'Esta ligação de início de sessão não é válida para esta aplicação. Peça uma nova no local onde começou a iniciar sessão.',
  pageLinkExpiredTitle: 'Ligação de início de sessão expirada',
  pageLinkExpiredMessage:
    'Esta ligação de início de sessão expirou ou o início de sessão já foi concluído. Volte à aplicação e inicie sessão novamente.',
  pageSignOutTitle: 'Terminar sessão?',
  pageSignOutByApp:
    '{client} pede para terminar a sua sessão em {site}. Da próxima vez, terá de iniciar sessão novamente.',
  pageSignOutByPage:
    'Uma página pede para terminar a sua sessão em {site}. Se não pretendia terminar sessão, feche esta página.',
  pageSignOutButton: 'Terminar sessão',
  pageSupportLink: 'Ajuda',
  pagePrivacyLink: 'Privacidade',
  pageTermsLink: 'Termos',
  pageSignedOutTitle: 'Sessão terminada',
  pageSignedOutHeading: 'A sua sessão foi terminada',
  pageSignedOutMessage: 'Pode fechar esta página.',
  pageSignOutRefusedTitle: 'Pedido para terminar sessão recusado',
  pageSignOutExpired: 'Esta página para terminar sessão expirou ou não foi aberta neste navegador. Nada foi alterado.',
} satisfies MessageTexts;
