importScripts('describe.js');
postMessage(describeGlobal(self));
