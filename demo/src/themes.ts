/** The theming gallery: shows each theme's stylesheet, fetched from the file the page uses. */
import './load-element.js';
import { markCurrentNav } from './config.js';

markCurrentNav();
for (const code of document.querySelectorAll<HTMLElement>('code[data-css]')) {
  const url = code.dataset.css!;
  fetch(url)
    .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`${response.status}`))))
    .then((css) => {
      code.textContent = css.trim();
    })
    .catch(() => {
      code.textContent = `/* could not load ${url} */`;
    });
}
