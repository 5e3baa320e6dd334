order.push('second');
