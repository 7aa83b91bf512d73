// Registers <passwordless-login> from the package's ES build, the way an app imports it:
//   import 'passwordless-login';
// (A .js file so the repo typechecks before the widget is built; Vite resolves the name.)
import 'passwordless-login';
