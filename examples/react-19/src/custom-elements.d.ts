// React 19 renders custom elements itself: these types (generated from the element's
// custom-elements.json) make <passwordless-login> and its attributes and events typed in JSX.
import type { CustomElements } from 'passwordless-login/jsx';

declare module 'react' {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends CustomElements {}
  }
}
