// The app's entry as a bundler sees it: the package's ES build by its package name (lit and the
// lazy chunks resolved from there), then the test app.
import 'passwordless-login';
import { startTestApp } from './page.ts';

startTestApp();
