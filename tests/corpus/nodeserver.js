// nodeserver.js - a healthy node HTTP server on 127.0.0.1:<port>: each
// request builds a few thousand objects and a JSON body, and the last 100
// requests' rows stay in a bounded list (a "recently served" page), so
// under load V8's old space fills and is collected: RSS saw-tooths by
// some 150 MiB and comes back. An optional <leak KiB per request> keeps
// part of every request for good (the slow leak on top of a sawtooth).
// <recent> (default 100) sets how many requests the list keeps.
// usage: node nodeserver.js <port> [<leak KiB per request> [<recent>]]
'use strict';
const http = require('http');
const port = Number(process.argv[2]);
const leakKiB = Number(process.argv[3] || 0);
const keep = Number(process.argv[4] || 100);
const recent = [];
const kept = [];
http.createServer((req, res) => {
	const rows = [];
	for (let i = 0; i < 5000; i++)
		rows.push({ id: i, url: req.url, name: 'item ' + i, v: Math.random() });
	const body = JSON.stringify(rows);
	recent.push(rows);
	if (recent.length > keep)
		recent.shift();
	if (leakKiB > 0)
		kept.push(Buffer.alloc(leakKiB * 1024, 1));
	res.writeHead(200, { 'content-type': 'application/json' });
	res.end(body);
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
