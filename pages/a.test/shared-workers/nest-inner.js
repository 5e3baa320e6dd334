postMessage('the nested worker is up');
