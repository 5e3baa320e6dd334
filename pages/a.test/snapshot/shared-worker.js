importScripts('describe.js');
onconnect = (e) => e.ports[0].postMessage(describeGlobal(self));
