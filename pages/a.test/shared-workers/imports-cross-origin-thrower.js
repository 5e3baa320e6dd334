// Imports a script of another origin whose function throws later: the error
// is muted ("Script error.", no place).
importScripts('http://b.test/workers/late-thrower.js');
onmessage = () => { setTimeout(throwLater, 0); };
