order.push('first');
