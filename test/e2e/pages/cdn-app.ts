// The test app next to the script-tag build, which the page loaded with a plain <script src>.
import { startTestApp } from './page.js';

startTestApp();
