order.push('defer-1 ' + document.readyState);
