console.log('external script runs');
throw new RangeError('thrown from an external file');
