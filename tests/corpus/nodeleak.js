// nodeleak.js - a node program that leaks closures: every tick it
// registers a listener whose closure holds the request's buffer, and
// never removes it (the classic EventEmitter leak), while doing work
// whose garbage V8 collects in the usual sawtooth. About <KiB/s>
// (default 200) for <seconds>.  usage: node nodeleak.js [<KiB/s> [<seconds>]]
'use strict';
const { EventEmitter } = require('events');
const rate = Number(process.argv[2] || 200) * 1024;
const secs = Number(process.argv[3] || 180);
const bus = new EventEmitter();
bus.setMaxListeners(0); // silences the warning that would have caught it
const start = Date.now();
let n = 0;
const timer = setInterval(() => {
	if (Date.now() - start >= secs * 1000) {
		clearInterval(timer);
		return;
	}
	const size = Math.round(rate / 10);
	const held = Buffer.alloc(size, n & 0xff);
	bus.on('config', () => held.length + n); // captured, never removed
	// garbage: a response built and thrown away
	const rows = [];
	for (let i = 0; i < 2000; i++)
		rows.push({ id: n * 2000 + i, name: 'row' + i, v: Math.random() });
	JSON.stringify(rows);
	n++;
}, 100);
