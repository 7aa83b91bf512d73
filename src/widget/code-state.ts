/**
 * What the element needs only once a code is on its way: the code and done views and the reader
 * of the token response. A lazy chunk of the ES build, loaded while /passwordless/start is in
 * flight, so a page's first load carries only the identifier state.
 */
export { renderCode, renderDone } from './views/code-view.js';
export { toLoginResult } from './tokens.js';
