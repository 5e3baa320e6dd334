var order = [];
importScripts('import-first.js', 'import-second.js');
order.push('main');
postMessage(order);
