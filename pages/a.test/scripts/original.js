order.push('original ' + document.readyState);
