// Types of what load-element.js re-exports from the package (taken from the sources, which
// exist before the widget is built).
export { registerMessages } from '../../src/widget/passwordless-login.js';
