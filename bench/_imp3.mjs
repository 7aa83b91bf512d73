const gc = async () => { for (let i = 0; i < 4; i++) { globalThis.gc(); await new Promise(r => setTimeout(r, 30)); } return process.memoryUsage().heapUsed; };
const before = await gc();
for (const m of process.argv.slice(2)) await import(m);
const after = await gc();
console.log(process.argv.slice(2).join(' ').padEnd(60), 'heap +', ((after - before) / 1048576).toFixed(2), 'MiB');
