// load-element.js only registers the element (the package's ES build, which does not exist until
// the widget is built): it exports nothing.
export {};
