import Ajv from 'ajv';
const ajv = new Ajv({ coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: false });
const v = ajv.compile({ type: 'object', additionalProperties: false, required: ['c'], properties: { a: { type: 'string', maxLength: 3 }, b: { type: 'string' }, c: {type:'string'} } });
for (const d of [{}, { z: 1, b: 2 }, { b: 2, a: 'xxxxx' }, { a: 1, c: 'x', q: 1 }, {a:1}]) { v(d); console.log(JSON.stringify(d), JSON.stringify(v.errors)); }
