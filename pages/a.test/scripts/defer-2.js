order.push('defer-2 ' + document.readyState);
