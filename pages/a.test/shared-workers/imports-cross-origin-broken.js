// importScripts of another origin's script that does not parse: a
// NetworkError thrown here, not muted, with this script's place.
importScripts('http://b.test/workers/syntax-error.js');
