order.push('replaced ' + document.readyState);
