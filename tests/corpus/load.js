// load.js - load for a local HTTP server: <clients> keep-alive clients
// each requesting http://127.0.0.1:<port>/ in a loop for <seconds>, at
// most <rate> requests per second in all.
// usage: node load.js <port> <seconds> <clients> <rate>
'use strict';
const http = require('http');
const [port, secs, clients, rate] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const end = Date.now() + secs * 1000;
const gap = 1000 * clients / rate;
function client() {
	if (Date.now() >= end)
		return;
	const t0 = Date.now();
	http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
		res.resume();
		res.on('end', () => setTimeout(client, Math.max(0, gap - (Date.now() - t0))));
	}).on('error', () => setTimeout(client, 100));
}
for (let i = 0; i < clients; i++)
	client();
setTimeout(() => agent.destroy(), secs * 1000 + 2000).unref();
