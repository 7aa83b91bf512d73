/**
 * The theming gallery. The page applies each theme with a <link rel="stylesheet">; here the same
 * files are imported as text to show them, so what is shown is what is applied.
 */
import './load-element.js';
import brand from '../themes/brand.css?raw';
import dark from '../themes/dark.css?raw';
import compact from '../themes/compact.css?raw';
import rtl from '../themes/rtl.css?raw';

const SOURCES: Record<string, string> = { brand, dark, compact, rtl };

for (const code of document.querySelectorAll<HTMLElement>('code[data-theme]')) {
  code.textContent = SOURCES[code.dataset.theme!]?.trim() ?? '';
}
