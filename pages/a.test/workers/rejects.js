Promise.reject(new DOMException('nobody waited', 'AbortError'));
postMessage('worker still fine');
