// Mocha's describe/it/before… are globals in Web Test Runner's browser page. tsconfig.json limits
// global types to node, so the widget tests opt in here.
/// <reference types="mocha" />
