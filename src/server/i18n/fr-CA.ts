import fr from './fr.js';
import type { MessageTexts } from './types.js';

/** Canadian French: fr with what differs. */
export default {
  ...fr,
  noAccountBody:
    'Quelqu’un a demandé à se connecter à {app} avec cette adresse, mais aucun compte n’y est associé. Si ce n’était pas vous, ignorez ce message.',
} satisfies MessageTexts;
